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

/** What every reader of one file shares: where it reports, what the schema flagged, what it builds. */
interface FileContext {
  file: string;
  diagnostics: Diagnostic[];
  reader: FieldReader;
  /** Pointers the schema flagged, and every pointer above them. */
  bad: ReadonlySet<string>;
  /** Pointers the schema flagged themselves. */
  flaggedHere: ReadonlySet<string>;
  result: CatalogFileResult;
}

/** One product or variant entry as read: its SKU, the values found (a variant's include its family's) and where. */
interface EntryRead {
  sku: string;
  source: SourcePos;
  values: FieldValues;
  sources: Record<string, SourcePos>;
  at: YNode;
}

export function buildCatalogFile(file: string, root: YMap, badPointers: readonly string[], diagnostics: Diagnostic[]): CatalogFileResult {
  const ctx: FileContext = {
    file,
    diagnostics,
    reader: { file, diagnostics },
    bad: badPrefixSet(badPointers),
    flaggedHere: new Set(badPointers),
    result: { file, products: [], declared: [], prices: [], stocks: [], diagnostics },
  };
  readProducts(ctx, pairOf(root, 'products')?.value);
  readFamilies(ctx, pairOf(root, 'families')?.value);
  readPriceFeed(ctx, pairOf(root, 'prices')?.value);
  readStockFeed(ctx, pairOf(root, 'stocks')?.value);
  return ctx.result;
}

/**
 * An entry without problems (`clean`: neither the schema nor the value checks found one in it
 * or in its family) becomes a product; any other is kept as a flawed entry for the cross-file checks.
 */
function keepEntry(ctx: FileContext, e: EntryRead, clean: boolean): void {
  if (!clean) {
    keepFlawed(ctx, e);
    return;
  }
  const { values } = e;
  const p: DesiredProduct = {
    sku: e.sku,
    name: values.name!,
    base_code: values.base_code!,
    category: values.category!,
    attributes: values.attributes ?? (Object.create(null) as Attributes),
    source: e.source,
    fieldSources: e.sources,
  };
  for (const f of ['images', 'videos', 'product', 'restrict_for_others', 'price', 'retail_price', 'stock'] as const) {
    if (values[f] !== undefined) (p as unknown as Record<string, unknown>)[f] = values[f];
  }
  ctx.result.products.push(p);
}

function keepFlawed(ctx: FileContext, e: EntryRead): void {
  const entry: FlawedEntry = { sku: e.sku, source: e.source, fieldSources: {} };
  for (const f of ['price', 'retail_price', 'stock'] as const) {
    if (e.values[f] === undefined || !e.sources[f]) continue;
    (entry as unknown as Record<string, unknown>)[f] = e.values[f];
    entry.fieldSources[f] = e.sources[f];
  }
  (ctx.result.flawed ??= []).push(entry);
}

/**
 * The fields a variant takes from its family, checked here because the schema's own `required`
 * cannot see the family. True when one is missing (each is reported).
 */
function missingFromFamily(ctx: FileContext, e: EntryRead): boolean {
  let missing = false;
  for (const field of ['name', 'base_code', 'category'] as const) {
    if (e.values[field] !== undefined) continue;
    ctx.diagnostics.push({
      severity: 'error',
      code: 'missing-field',
      summary: `SKU ${e.sku} has no \`${field}\``,
      detail: `Add \`${field}:\` to the variant or to its family.`,
      sku: e.sku,
      source: posOf(ctx.file, e.at),
    });
    missing = true;
  }
  return missing;
}

/** `products:` — flat products; their required keys are the schema's to report. */
function readProducts(ctx: FileContext, products: YNode | undefined): void {
  if (products?.kind !== 'seq') return;
  products.items.forEach((item, i) => {
    const map = asMap(item);
    if (!map) return;
    const skip = flaggedKeys(ctx.bad, `/products/${i}`, map);
    const id = skuOf(map);
    const before = ctx.diagnostics.length;
    const values: FieldValues = {};
    const sources: Record<string, SourcePos> = {};
    if (id) sources.sku = posOf(ctx.file, id.pos);
    readFields(ctx.reader, map, values, sources, id?.sku, skip);
    if (!id) return;
    const entry: EntryRead = { sku: id.sku, source: sources.sku!, values, sources, at: map };
    ctx.result.declared.push({ sku: id.sku, source: entry.source });
    keepEntry(ctx, entry, !skip && ctx.diagnostics.length === before);
  });
}

/** `families:` — each variant gets its family's values under its own. */
function readFamilies(ctx: FileContext, families: YNode | undefined): void {
  if (families?.kind !== 'seq') return;
  families.items.forEach((item, i) => {
    const fam = asMap(item);
    const variants = fam && pairOf(fam, 'variants')?.value;
    if (!fam) return;
    const famPointer = `/families/${i}`;
    const famSkip = flaggedKeys(ctx.bad, famPointer, fam);
    // A family whose own fields (not only some variant) are wrong cannot give any variant its values.
    const famSchemaOk = !famSkip || ([...famSkip].every((k) => k === 'variants') && !ctx.flaggedHere.has(famPointer));
    const famValues: FieldValues = {};
    const famSources: Record<string, SourcePos> = {};
    const before = ctx.diagnostics.length;
    readFields(ctx.reader, fam, famValues, famSources, undefined, famSkip);
    const famOk = famSchemaOk && ctx.diagnostics.length === before;
    if (variants?.kind !== 'seq') return;
    variants.items.forEach((v, j) => {
      const map = asMap(v);
      if (!map) return;
      const skip = flaggedKeys(ctx.bad, `${famPointer}/variants/${j}`, map);
      const id = skuOf(map);
      const values: FieldValues = { ...famValues };
      if (famValues.attributes) values.attributes = Object.assign(Object.create(null), famValues.attributes) as Attributes;
      const sources: Record<string, SourcePos> = { ...famSources };
      if (id) sources.sku = posOf(ctx.file, id.pos);
      const vBefore = ctx.diagnostics.length;
      readFields(ctx.reader, map, values, sources, id?.sku, skip);
      if (!id) return;
      const entry: EntryRead = { sku: id.sku, source: sources.sku!, values, sources, at: map };
      ctx.result.declared.push({ sku: id.sku, source: entry.source });
      const clean = famOk && !skip && ctx.diagnostics.length === vBefore;
      // No schema problem may already account for a missing field.
      const missing = famSchemaOk && !skip && missingFromFamily(ctx, entry);
      keepEntry(ctx, entry, clean && !missing);
    });
  });
}

/** `prices:` — a feed of prices by SKU. */
function readPriceFeed(ctx: FileContext, prices: YNode | undefined): void {
  if (prices?.kind !== 'map') return;
  for (const pair of prices.pairs) {
    if (pair.value.kind !== 'map') continue;
    const pointer = `/prices/${escapeKey(pair.key)}`;
    const entry: FeedPrice = { sku: pair.key, source: { file: ctx.file, line: pair.keyLine, column: pair.keyCol } };
    const before = ctx.diagnostics.length;
    for (const field of ['price', 'retail_price'] as const) {
      const node = pairOf(pair.value, field)?.value;
      if (node && !ctx.bad.has(`${pointer}/${field}`)) {
        const d = readPrice(ctx.reader, field, node, pair.key);
        if (d !== undefined) entry[field] = d;
      }
    }
    if (!ctx.bad.has(pointer) && ctx.diagnostics.length === before) ctx.result.prices.push(entry);
  }
}

/** `stocks:` — a feed of stocks by SKU. */
function readStockFeed(ctx: FileContext, stocks: YNode | undefined): void {
  if (stocks?.kind !== 'map') return;
  for (const pair of stocks.pairs) {
    if (ctx.bad.has(`/stocks/${escapeKey(pair.key)}`)) continue;
    const n = readStock(ctx.reader, pair.value, pair.key);
    if (n !== undefined) ctx.result.stocks.push({ sku: pair.key, stock: n, source: { file: ctx.file, line: pair.keyLine, column: pair.keyCol } });
  }
}
