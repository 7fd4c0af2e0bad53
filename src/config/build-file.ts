/**
 * One catalog file's tree → its products (families expanded) and feed entries. Every field is
 * checked, also in entries with other problems, so all problems are reported at once; a field
 * the schema already flagged is not read again (its problem is reported once). An entry with
 * any problem yields no product, only a flawed entry: its SKU is still declared (other files'
 * feeds do not report it as unknown) and its readable prices and stock still take part in the
 * cross-file checks (given twice, retail below price).
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

/** What the cross-file checks need of an entry that has problems and so yields no product. */
export type FlawedEntry = Pick<DesiredProduct, 'sku' | 'source' | 'fieldSources' | 'price' | 'retail_price' | 'stock'>;

/** Plain, structured-clone-safe result of one file (it may cross a worker boundary). */
export interface CatalogFileResult {
  file: string;
  products: DesiredProduct[];
  /** Every SKU this file defines, valid or not, with the position of its `sku:` key. */
  declared: { sku: string; source: SourcePos }[];
  prices: FeedPrice[];
  stocks: FeedStock[];
  diagnostics: Diagnostic[];
  /** Entries with problems (absent when there are none). */
  flawed?: FlawedEntry[];
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

/** Keys of the mapping at `pointer` whose values (or something inside them) the schema flagged. */
function flaggedKeys(bad: ReadonlySet<string>, pointer: string, map: YMap): Set<string> | undefined {
  if (!bad.has(pointer)) return undefined;
  const keys = new Set<string>();
  for (const pair of map.pairs) if (bad.has(`${pointer}/${escapeKey(pair.key)}`)) keys.add(pair.key);
  return keys;
}

export function buildCatalogFile(file: string, root: YMap, badPointers: readonly string[], diagnostics: Diagnostic[]): CatalogFileResult {
  const bad = badPrefixSet(badPointers);
  const flaggedHere = new Set(badPointers);
  const reader: FieldReader = { file, diagnostics };
  const result: CatalogFileResult = { file, products: [], declared: [], prices: [], stocks: [], diagnostics };

  const flawed = (sku: string, skuPos: SourcePos, values: FieldValues, sources: Record<string, SourcePos>): void => {
    const entry: FlawedEntry = { sku, source: skuPos, fieldSources: {} };
    for (const f of ['price', 'retail_price', 'stock'] as const) {
      if (values[f] === undefined || !sources[f]) continue;
      (entry as unknown as Record<string, unknown>)[f] = values[f];
      entry.fieldSources[f] = sources[f];
    }
    (result.flawed ??= []).push(entry);
  };

  /**
   * `clean`: neither the schema nor the value checks found a problem in the entry (or in its
   * family). `checkMissing`: the fields a variant takes from its family are checked here, when
   * the schema's own `required` could not and no schema problem may already account for them.
   */
  const finish = (sku: string, skuPos: SourcePos, values: FieldValues, sources: Record<string, SourcePos>, at: YNode, clean: boolean, checkMissing: boolean): void => {
    if (checkMissing) {
      for (const field of ['name', 'base_code', 'category'] as const) {
        if (values[field] === undefined) {
          diagnostics.push({ severity: 'error', code: 'missing-field', summary: `SKU ${sku} has no \`${field}\``, detail: `Add \`${field}:\` to the variant or to its family.`, sku, source: posOf(file, at) });
          clean = false;
        }
      }
    }
    if (!clean) {
      flawed(sku, skuPos, values, sources);
      return;
    }
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
      if (!map) return;
      const pointer = `/products/${i}`;
      const skip = flaggedKeys(bad, pointer, map);
      const id = skuOf(map);
      const before = diagnostics.length;
      const values: FieldValues = {};
      const sources: Record<string, SourcePos> = {};
      if (id) sources.sku = posOf(file, id.pos);
      readFields(reader, map, values, sources, id?.sku, skip);
      if (!id) return;
      const skuPos = sources.sku!;
      result.declared.push({ sku: id.sku, source: skuPos });
      // A product's required keys are the schema's to report.
      finish(id.sku, skuPos, values, sources, map, !skip && diagnostics.length === before, false);
    });
  }

  const families = pairOf(root, 'families')?.value;
  if (families?.kind === 'seq') {
    families.items.forEach((item, i) => {
      const fam = asMap(item);
      const variants = fam && pairOf(fam, 'variants')?.value;
      if (!fam) return;
      const famPointer = `/families/${i}`;
      const famSkip = flaggedKeys(bad, famPointer, fam);
      // A family whose own fields (not only some variant) are wrong cannot give any variant its values.
      const famSchemaOk = !famSkip || ([...famSkip].every((k) => k === 'variants') && !flaggedHere.has(famPointer));
      const famValues: FieldValues = {};
      const famSources: Record<string, SourcePos> = {};
      const before = diagnostics.length;
      readFields(reader, fam, famValues, famSources, undefined, famSkip);
      const famOk = famSchemaOk && diagnostics.length === before;
      if (variants?.kind !== 'seq') return;
      variants.items.forEach((v, j) => {
        const map = asMap(v);
        if (!map) return;
        const pointer = `${famPointer}/variants/${j}`;
        const skip = flaggedKeys(bad, pointer, map);
        const id = skuOf(map);
        const values: FieldValues = { ...famValues };
        if (famValues.attributes) values.attributes = Object.assign(Object.create(null), famValues.attributes) as Attributes;
        const sources: Record<string, SourcePos> = { ...famSources };
        if (id) sources.sku = posOf(file, id.pos);
        const vBefore = diagnostics.length;
        readFields(reader, map, values, sources, id?.sku, skip);
        if (!id) return;
        const skuPos = sources.sku!;
        result.declared.push({ sku: id.sku, source: skuPos });
        finish(id.sku, skuPos, values, sources, map, famOk && !skip && diagnostics.length === vBefore, famSchemaOk && !skip);
      });
    });
  }

  const prices = pairOf(root, 'prices')?.value;
  if (prices?.kind === 'map') {
    for (const pair of prices.pairs) {
      if (pair.value.kind !== 'map') continue;
      const pointer = `/prices/${escapeKey(pair.key)}`;
      const entry: FeedPrice = { sku: pair.key, source: { file, line: pair.keyLine, column: pair.keyCol } };
      const before = diagnostics.length;
      for (const field of ['price', 'retail_price'] as const) {
        const node = pairOf(pair.value, field)?.value;
        if (node && !bad.has(`${pointer}/${field}`)) {
          const d = readPrice(reader, field, node, pair.key);
          if (d !== undefined) entry[field] = d;
        }
      }
      if (!bad.has(pointer) && diagnostics.length === before) result.prices.push(entry);
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
