/**
 * Merges the per-file results into one catalog keyed by SKU, applying the cross-file rules:
 * a SKU is defined once; a price or stock is given once (inline or in one feed); feeds only
 * speak of SKUs the catalog defines.
 */
import { compareDecimal, type Decimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DesiredProduct } from '../model/product.js';
import { formatSource, type SourcePos } from '../model/source.js';
import type { CatalogFileResult, FlawedEntry } from './build-file.js';

/**
 * Merges file results given one by one in catalog order, so a caller can merge each file as soon
 * as it is read. A SKU's first definition is known once its own file is added (it is in that
 * file or an earlier one); feeds may name SKUs of later files, so they wait for `finish`.
 */
export class CatalogMerger {
  private readonly diagnostics: Diagnostic[] = [];
  /**
   * Each SKU's first definition: its product once the file that defines it is added, or the
   * declaration alone when it has none (a flawed entry). One map for both: a second one keyed by
   * 100,000 SKUs was a tenth of reading a large catalog back from the parse cache.
   */
  private readonly firsts = new Map<string, Declaration | DesiredProduct>();
  /** First definitions that have problems: no product, but still checked against the feeds. */
  private readonly flawed = new Map<string, FlawedEntry>();
  private readonly feeds: CatalogFileResult[] = [];

  add(r: CatalogFileResult): void {
    const { firsts } = this;
    // SKUs of this file defined before (here or in an earlier file): few, and only they need
    // their product's position compared with the first definition's.
    const again = new Set<string>();
    for (const d of r.declared) {
      const first = firsts.get(d.sku);
      if (first) {
        again.add(d.sku);
        this.diagnostics.push({
          severity: 'error',
          code: 'duplicate-sku',
          summary: `SKU ${d.sku} is defined twice`,
          detail: `It is also defined at ${formatSource(first.source)}. Each SKU is defined once: remove or rename one of them.`,
          sku: d.sku,
          source: d.source,
        });
      } else {
        firsts.set(d.sku, d);
      }
    }
    // Only a SKU's first definition counts; a duplicate is reported above and dropped here. A
    // product's SKU is declared in its own file, so one defined once is its first definition
    // (read back from the parse cache, the product already stands for its declaration).
    for (const p of r.products) {
      const first = firsts.get(p.sku);
      if (first === p) continue;
      if (!again.has(p.sku) || (first && !isProduct(first) && sameSource(first.source, p.source))) firsts.set(p.sku, p);
    }
    for (const f of r.flawed ?? []) {
      if (sameSource(firsts.get(f.sku)?.source, f.source) && !this.flawed.has(f.sku)) this.flawed.set(f.sku, f);
    }
    if (r.prices.length > 0 || r.stocks.length > 0) this.feeds.push(r);
  }

  finish(): { products: Map<string, DesiredProduct>; diagnostics: Diagnostic[] } {
    const products = productsOf(this.firsts);
    applyFeeds(this.feeds, this.firsts, products, this.flawed, this.diagnostics);
    return { products, diagnostics: this.diagnostics };
  }
}

export function mergeCatalogFiles(results: readonly CatalogFileResult[]): { products: Map<string, DesiredProduct>; diagnostics: Diagnostic[] } {
  const merger = new CatalogMerger();
  for (const r of results) merger.add(r);
  return merger.finish();
}

/**
 * Feed prices and stocks onto their products, then the checks that need every price in place.
 * Entries with problems of their own take part too, so their feed problems show at once.
 */
function applyFeeds(
  results: readonly CatalogFileResult[],
  declared: ReadonlyMap<string, unknown>,
  products: ReadonlyMap<string, DesiredProduct>,
  flawed: ReadonlyMap<string, FlawedEntry>,
  diagnostics: Diagnostic[],
): void {
  const twice = (sku: string, field: string, first: SourcePos, again: SourcePos) =>
    diagnostics.push({
      severity: 'error',
      code: field === 'stock' ? 'stock-given-twice' : 'price-given-twice',
      summary: `The ${field.replace('_', ' ')} of ${sku} is given twice`,
      detail: `It is also given at ${formatSource(first)}. Give it in one place only (inline or in one feed).`,
      sku,
      source: again,
    });
  const unknown = (sku: string, feed: string, source: SourcePos) =>
    diagnostics.push({
      severity: 'error',
      code: 'unknown-sku',
      summary: `The ${feed} feed names SKU ${sku}, which no catalog file defines`,
      detail: 'Define the product (under `products:` or as a family variant) or remove this entry.',
      sku,
      source,
    });
  for (const r of results) {
    for (const entry of r.prices) {
      const p = products.get(entry.sku) ?? flawed.get(entry.sku);
      if (!p) {
        if (!declared.has(entry.sku)) unknown(entry.sku, 'prices', entry.source);
        continue;
      }
      for (const field of ['price', 'retail_price'] as const) {
        const value = entry[field];
        if (value === undefined) continue;
        const existing = p.fieldSources[field];
        if (existing) {
          twice(entry.sku, field, existing, entry.source);
          continue;
        }
        p[field] = value;
        p.fieldSources[field] = entry.source;
      }
    }
    for (const entry of r.stocks) {
      const p = products.get(entry.sku) ?? flawed.get(entry.sku);
      if (!p) {
        if (!declared.has(entry.sku)) unknown(entry.sku, 'stocks', entry.source);
        continue;
      }
      const existing = p.fieldSources.stock;
      if (existing) {
        twice(entry.sku, 'stock', existing, entry.source);
        continue;
      }
      p.stock = entry.stock;
      p.fieldSources.stock = entry.source;
    }
  }
  for (const p of [...products.values(), ...flawed.values()]) {
    if (p.price !== undefined && p.retail_price !== undefined && priceBelow(p.retail_price, p.price)) {
      diagnostics.push({
        severity: 'error',
        code: 'retail-below-price',
        summary: `The retail price of ${p.sku} (${p.retail_price}) is below its price (${p.price})`,
        detail: 'Seller Center requires retail_price >= price: raise the retail price or lower the price.',
        sku: p.sku,
        source: p.fieldSources.retail_price ?? p.source,
      });
    }
  }
}

/**
 * a < b for validated prices: positive, normalized, exactly two decimals, so a longer text is a
 * larger amount and equal lengths compare as text (compareDecimal is exact but far slower).
 */
function priceBelow(a: Decimal, b: Decimal): boolean {
  if (!/^\d+\.\d\d$/.test(a) || !/^\d+\.\d\d$/.test(b)) return compareDecimal(a, b) < 0;
  return a.length !== b.length ? a.length < b.length : a < b;
}

/** Where a catalog file declares a SKU (build-file's `declared`). */
type Declaration = CatalogFileResult['declared'][number];

/** A product, as opposed to a bare declaration (only products carry their fields' positions). */
function isProduct(entry: Declaration | DesiredProduct): entry is DesiredProduct {
  return 'fieldSources' in entry;
}

/**
 * The first definitions that are products: the map itself when every one is (a catalog without
 * flawed entries), otherwise a copy without the SKUs defined with no product (each an error already).
 */
function productsOf(firsts: Map<string, Declaration | DesiredProduct>): Map<string, DesiredProduct> {
  for (const first of firsts.values()) {
    if (!isProduct(first)) return new Map([...firsts].filter((entry): entry is [string, DesiredProduct] => isProduct(entry[1])));
  }
  return firsts as Map<string, DesiredProduct>;
}

function sameSource(a: SourcePos | undefined, b: SourcePos): boolean {
  return a !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;
}
