/**
 * Puts the results of a split file's pieces back together as the result of the whole file:
 * sections in the order build-file.ts reads them, entries in file order. A feed key written in
 * two pieces would have made the whole file invalid YAML (duplicate key): then there is no
 * joined result and the caller reads the file whole, which reports it.
 */
import type { CatalogFileResult } from '../build-file.js';
import { type FilePiece, SECTION_RANK } from './split.js';

function uniqueSkus(entries: readonly { sku: string }[]): boolean {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.sku)) return false;
    seen.add(e.sku);
  }
  return true;
}

export function joinPieceResults(file: string, pieces: readonly FilePiece[], results: readonly CatalogFileResult[]): CatalogFileResult | undefined {
  const order = pieces.map((_, i) => i).sort((a, b) => SECTION_RANK[pieces[a]!.section] - SECTION_RANK[pieces[b]!.section] || a - b);
  const joined: CatalogFileResult = { file, products: [], declared: [], prices: [], stocks: [], diagnostics: [] };
  for (const i of order) {
    const r = results[i]!;
    for (const p of r.products) joined.products.push(p);
    for (const d of r.declared) joined.declared.push(d);
    for (const e of r.prices) joined.prices.push(e);
    for (const e of r.stocks) joined.stocks.push(e);
  }
  return uniqueSkus(joined.prices) && uniqueSkus(joined.stocks) ? joined : undefined;
}
