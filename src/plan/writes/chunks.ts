/** The API takes at most 1000 items per bulk request. */
export const MAX_CHUNK = 1000;

export function chunk<T>(items: readonly T[], size = MAX_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Whether sending `ready` items now (as one partial chunk) costs no extra request compared
 * with waiting for the `pending` items that may join them later.
 */
export function partialCostsNothing(ready: number, pending: number, size = MAX_CHUNK): boolean {
  if (pending === 0) return true;
  const ceil = (n: number) => Math.ceil(n / size);
  return ceil(ready) + ceil(pending) === ceil(ready + pending);
}
