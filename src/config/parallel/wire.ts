/**
 * A compact form of one file's result for the trip from a worker thread to the main thread.
 * Structured-cloning 100,000 products with a source position per field costs seconds; a flat
 * array of strings and numbers costs a fraction of that. Every position in a file's result is in
 * that same file, so a position travels as two numbers.
 */
import type { Decimal } from '../../model/decimal.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { AttributeValue, Attributes, DesiredProduct } from '../../model/product.js';
import type { SourcePos } from '../../model/source.js';
import type { CatalogFileResult, FlawedEntry } from '../build-file.js';

export type Cell = string | number | boolean | null;

export interface WireFileResult {
  file: string;
  /**
   * Field and attribute names, sent once each: products refer to them by index, so the receiving
   * thread reads each name once instead of one copy per product.
   */
  names: string[];
  diagnostics: Diagnostic[];
  products: Cell[];
  declared: Cell[];
  prices: Cell[];
  stocks: Cell[];
  /** Entries with problems: few, and sent as they are. */
  flawed?: FlawedEntry[];
}

const OPTIONAL_TEXT_ABSENT = 0;

function pushList(out: Cell[], list: string[] | undefined): void {
  if (!list) {
    out.push(-1);
    return;
  }
  out.push(list.length);
  for (const x of list) out.push(x);
}

export function encodeFileResult(r: CatalogFileResult): WireFileResult {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const name = (k: string): number => {
    let n = nameIndex.get(k);
    if (n === undefined) {
      n = names.push(k) - 1;
      nameIndex.set(k, n);
    }
    return n;
  };
  const products: Cell[] = [];
  for (const p of r.products) {
    products.push(p.sku, p.source.line, p.source.column, p.name, p.base_code, p.category);
    const keys = Object.keys(p.attributes);
    products.push(keys.length);
    for (const k of keys) products.push(name(k), p.attributes[k]!);
    pushList(products, p.images);
    pushList(products, p.videos);
    if (p.product === undefined) products.push(OPTIONAL_TEXT_ABSENT);
    else if (p.product === null) products.push(1);
    else products.push(2, p.product);
    products.push(p.restrict_for_others === undefined ? 0 : p.restrict_for_others ? 2 : 1);
    products.push(p.price ?? null, p.retail_price ?? null, p.stock ?? -1);
    const sources = Object.keys(p.fieldSources);
    products.push(sources.length);
    for (const k of sources) {
      const s = p.fieldSources[k]!;
      products.push(name(k), s.line, s.column);
    }
  }
  const declared: Cell[] = [];
  for (const d of r.declared) declared.push(d.sku, d.source.line, d.source.column);
  const prices: Cell[] = [];
  for (const e of r.prices) prices.push(e.sku, e.source.line, e.source.column, e.price ?? null, e.retail_price ?? null);
  const stocks: Cell[] = [];
  for (const e of r.stocks) stocks.push(e.sku, e.source.line, e.source.column, e.stock);
  const wire: WireFileResult = { file: r.file, names, diagnostics: r.diagnostics, products, declared, prices, stocks };
  if (r.flawed) wire.flawed = r.flawed;
  return wire;
}

export function decodeFileResult(w: WireFileResult): CatalogFileResult {
  const { file, names } = w;
  const pos = (line: Cell, column: Cell): SourcePos => ({ file, line: line as number, column: column as number });
  const products: DesiredProduct[] = [];
  const a = w.products;
  let i = 0;
  const list = (): string[] | undefined => {
    const n = a[i++] as number;
    if (n < 0) return undefined;
    const out = a.slice(i, i + n) as string[];
    i += n;
    return out;
  };
  while (i < a.length) {
    const sku = a[i] as string;
    const source = pos(a[i + 1]!, a[i + 2]!);
    const p: DesiredProduct = {
      sku,
      name: a[i + 3] as string,
      base_code: a[i + 4] as string,
      category: a[i + 5] as string,
      attributes: Object.create(null) as Attributes,
      source,
      fieldSources: {},
    };
    i += 6;
    const attributeCount = a[i++] as number;
    for (let k = 0; k < attributeCount; k++, i += 2) p.attributes[names[a[i] as number]!] = a[i + 1] as AttributeValue;
    const images = list();
    if (images) p.images = images;
    const videos = list();
    if (videos) p.videos = videos;
    const product = a[i++] as number;
    if (product === 1) p.product = null;
    else if (product === 2) p.product = a[i++] as string;
    const restrict = a[i++] as number;
    if (restrict !== 0) p.restrict_for_others = restrict === 2;
    if (a[i] !== null) p.price = a[i] as Decimal;
    if (a[i + 1] !== null) p.retail_price = a[i + 1] as Decimal;
    if (a[i + 2] !== -1) p.stock = a[i + 2] as number;
    i += 3;
    const sourceCount = a[i++] as number;
    for (let k = 0; k < sourceCount; k++, i += 3) p.fieldSources[names[a[i] as number]!] = pos(a[i + 1]!, a[i + 2]!);
    products.push(p);
  }
  const declared: CatalogFileResult['declared'] = [];
  for (let j = 0; j < w.declared.length; j += 3) declared.push({ sku: w.declared[j] as string, source: pos(w.declared[j + 1]!, w.declared[j + 2]!) });
  const prices: CatalogFileResult['prices'] = [];
  for (let j = 0; j < w.prices.length; j += 5) {
    const e: CatalogFileResult['prices'][number] = { sku: w.prices[j] as string, source: pos(w.prices[j + 1]!, w.prices[j + 2]!) };
    if (w.prices[j + 3] !== null) e.price = w.prices[j + 3] as Decimal;
    if (w.prices[j + 4] !== null) e.retail_price = w.prices[j + 4] as Decimal;
    prices.push(e);
  }
  const stocks: CatalogFileResult['stocks'] = [];
  for (let j = 0; j < w.stocks.length; j += 4) {
    stocks.push({ sku: w.stocks[j] as string, source: pos(w.stocks[j + 1]!, w.stocks[j + 2]!), stock: w.stocks[j + 3] as number });
  }
  const result: CatalogFileResult = { file, products, declared, prices, stocks, diagnostics: w.diagnostics };
  if (w.flawed) result.flawed = w.flawed;
  return result;
}
