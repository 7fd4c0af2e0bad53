/**
 * A deterministic "natural" order for SKUs and codes: runs of digits compare as numbers
 * (`SNKR-9` before `SNKR-10`), everything else by UTF-16 code unit. No locale is involved, so a
 * re-import on another machine writes the same order.
 */
const CHUNKS = /\d+|\D+/g;

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareNatural(a: string, b: string): number {
  const xs = a.match(CHUNKS) ?? [];
  const ys = b.match(CHUNKS) ?? [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    const order = bothDigits ? compareDigits(x, y) : x < y ? -1 : 1;
    if (order !== 0) return order;
  }
  if (xs.length !== ys.length) return xs.length - ys.length;
  // Equal under the natural order (e.g. "07" and "7"): fall back to plain text so the order is total.
  return a < b ? -1 : a > b ? 1 : 0;
}
