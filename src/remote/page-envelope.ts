/**
 * The envelope of a paginated answer (PRD102, PRD108): `{count, next, previous, results}`, or a
 * bare array from a server that does not paginate, read tolerantly (a `count` sent as a string,
 * `data` instead of `results`), so every listing reads pages the same way.
 */
export interface Page {
  items: unknown[];
  next: string | null | undefined;
  count: number | undefined;
}

/** The envelope `{count, next, previous, results}`, or a bare array from a server that does not paginate. */
export function readPage(body: unknown): Page {
  if (Array.isArray(body)) return { items: body, next: null, count: body.length };
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const items = Array.isArray(o.results) ? o.results : Array.isArray(o.data) ? o.data : [];
    const next = typeof o.next === 'string' && o.next !== '' ? o.next : o.next === null ? null : undefined;
    const count = typeof o.count === 'number' ? o.count : typeof o.count === 'string' ? Number(o.count) : undefined;
    return { items, next, count: count !== undefined && Number.isFinite(count) ? count : undefined };
  }
  return { items: [], next: null, count: 0 };
}
