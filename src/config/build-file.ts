/**
 * One catalog file's tree → its products (families expanded) and feed entries. Entries the
 * schema already flagged are skipped (their problem is reported once), but their SKUs are
 * still declared so other files' feeds do not report them as unknown as well.
 */
import type { Decimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Attributes, DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import { type FieldReader, type FieldValues, posOf, readFields, readPrice, readStock } from './read-fields.js';
import { pairOf, type YMap, type YNode } from './yaml/tree.js';

export interface FeedPrice {
  sku: string;
  price?: Decimal;
  retail_price?: Decimal;
  source: SourcePos;
}

export interface FeedStock {
  sku: string;
  stock: number;
  source: SourcePos;
}

/** Plain, structured-clone-safe result of one file (it may cross a worker boundary). */
export interface CatalogFileResult {
  file: string;
  products: DesiredProduct[];
  /** Every SKU this file defines, valid or not, with the position of its `sku:` key. */
  declared: { sku: string; source: SourcePos }[];
  prices: FeedPrice[];
  stocks: FeedStock[];
  diagnostics: Diagnostic[];
}

function badPrefixSet(badPointers: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const p of badPointers) {
    let cur = p;
    while (!set.has(cur)) {
      set.add(cur);
      const cut = cur.lastIndexOf('/');
      if (cut < 0) break;
      cur = cur.slice(0, cut);
    }
  }
  return set;
}

function asMap(node: YNode | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function skuOf(map: YMap): { sku: string; pos: { line: number; col: number } } | undefined {
  const pair = pairOf(map, 'sku');
  if (pair?.value.kind !== 'scalar' || typeof pair.value.value !== 'string') return undefined;
  return { sku: pair.value.value, pos: { line: pair.keyLine, col: pair.keyCol } };
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function buildCatalogFile(file: string, root: YMap, badPointers: readonly string[], diagnostics: Diagnostic[]): CatalogFileResult {
  const bad = badPrefixSet(badPointers);
  const reader: FieldReader = { file, diagnostics };
  const result: CatalogFileResult = { file, products: [], declared: [], prices: [], stocks: [], diagnostics };

  const finish = (sku: string, skuPos: SourcePos, values: FieldValues, sources: Record<string, SourcePos>, at: YNode): void => {
    const before = diagnostics.length;
    for (const field of ['name', 'base_code', 'category'] as const) {
      if (values[field] === undefined) {
        diagnostics.push({ severity: 'error', code: 'missing-field', summary: `SKU ${sku} has no \`${field}\``, detail: `Add \`${field}:\` to the variant or to its family.`, sku, source: posOf(file, at) });
      }
    }
    if (diagnostics.length > before) return;
    const p: DesiredProduct = {
      sku,
      name: values.name!,
      base_code: values.base_code!,
      category: values.category!,
      attributes: values.attributes ?? (Object.create(null) as Attributes),
      source: skuPos,
      fieldSources: sources,
    };
    for (const f of ['images', 'videos', 'product', 'restrict_for_others', 'price', 'retail_price', 'stock'] as const) {
      if (values[f] !== undefined) (p as unknown as Record<string, unknown>)[f] = values[f];
    }
    result.products.push(p);
  };

  const products = pairOf(root, 'products')?.value;
  if (products?.kind === 'seq') {
    products.items.forEach((item, i) => {
      const map = asMap(item);
      const id = map && skuOf(map);
      if (!map || !id) return;
      const skuPos = posOf(file, id.pos);
      result.declared.push({ sku: id.sku, source: skuPos });
      if (bad.has(`/products/${i}`)) return;
      const before = diagnostics.length;
      const values: FieldValues = {};
      const sources: Record<string, SourcePos> = { sku: skuPos };
      readFields(reader, map, values, sources, id.sku);
      if (diagnostics.length === before) finish(id.sku, skuPos, values, sources, map);
    });
  }

  const families = pairOf(root, 'families')?.value;
  // A family whose own fields (not only some variant) are wrong cannot give any variant its values.
  const familiesWithOwnErrors = new Set<number>();
  for (const p of badPointers) {
    const m = /^\/families\/(\d+)(?:\/(.*))?$/.exec(p);
    if (m && !/^variants\/\d+/.test(m[2] ?? '')) familiesWithOwnErrors.add(Number(m[1]));
  }
  if (families?.kind === 'seq') {
    families.items.forEach((item, i) => {
      const fam = asMap(item);
      const variants = fam && pairOf(fam, 'variants')?.value;
      if (!fam || variants?.kind !== 'seq') return;
      const famBad = familiesWithOwnErrors.has(i);
      const famValues: FieldValues = {};
      const famSources: Record<string, SourcePos> = {};
      const before = diagnostics.length;
      if (!famBad) readFields(reader, fam, famValues, famSources);
      const famOk = !famBad && diagnostics.length === before;
      variants.items.forEach((v, j) => {
        const map = asMap(v);
        const id = map && skuOf(map);
        if (!map || !id) return;
        const skuPos = posOf(file, id.pos);
        result.declared.push({ sku: id.sku, source: skuPos });
        if (!famOk || bad.has(`/families/${i}/variants/${j}`)) return;
        const values: FieldValues = { ...famValues };
        if (famValues.attributes) values.attributes = Object.assign(Object.create(null), famValues.attributes) as Attributes;
        const sources: Record<string, SourcePos> = { ...famSources, sku: skuPos };
        const vBefore = diagnostics.length;
        readFields(reader, map, values, sources, id.sku);
        if (diagnostics.length === vBefore) finish(id.sku, skuPos, values, sources, map);
      });
    });
  }

  const prices = pairOf(root, 'prices')?.value;
  if (prices?.kind === 'map') {
    for (const pair of prices.pairs) {
      if (bad.has(`/prices/${escapeKey(pair.key)}`) || pair.value.kind !== 'map') continue;
      const entry: FeedPrice = { sku: pair.key, source: { file, line: pair.keyLine, column: pair.keyCol } };
      const before = diagnostics.length;
      for (const field of ['price', 'retail_price'] as const) {
        const node = pairOf(pair.value, field)?.value;
        if (node) {
          const d = readPrice(reader, field, node, pair.key);
          if (d !== undefined) entry[field] = d;
        }
      }
      if (diagnostics.length === before) result.prices.push(entry);
    }
  }

  const stocks = pairOf(root, 'stocks')?.value;
  if (stocks?.kind === 'map') {
    for (const pair of stocks.pairs) {
      if (bad.has(`/stocks/${escapeKey(pair.key)}`)) continue;
      const n = readStock(reader, pair.value, pair.key);
      if (n !== undefined) result.stocks.push({ sku: pair.key, stock: n, source: { file, line: pair.keyLine, column: pair.keyCol } });
    }
  }
  return result;
}
