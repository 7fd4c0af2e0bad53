/**
 * The whole import as files: one catalog file per category (named from the category tree), and
 * with `feeds`, the prices and stocks as `catalog/prices.yaml` and `catalog/stocks.yaml`.
 * Pure, so the same remote catalog always gives byte-identical files.
 */
import type { RemoteProduct } from '../model/product.js';
import type { Category } from '../remote/types.js';
import { categoryFiles } from './category-files.js';
import { groupProducts } from './group-families.js';
import { compareNatural } from './natural-order.js';
import { categoryFileText, type PriceFeedEntry, pricesFeedText, stocksFeedText } from './write-yaml.js';

export interface ImportFile {
  /** Relative to the repository root, forward slashes: `catalog/clothing-t-shirts.yaml`. */
  path: string;
  content: string;
  /** SKUs the file defines (products and variants) or feeds. */
  skus: number;
}

/** A file as reported once written: its text is on disk, not in memory. */
export type WrittenFile = Omit<ImportFile, 'content'>;

export interface LayoutOptions {
  feeds?: boolean;
  /** The editor schema hint line for the catalog files. */
  schemaHint?: string;
  /** Directory of the catalog files, relative to the root (default `catalog`). */
  catalogDir?: string;
}

export interface ImportLayout {
  files: ImportFile[];
  skus: number;
  families: number;
  products: number;
}

/** Marks a file as written by import: `import --force` may remove such a file once it no longer writes it. */
export const IMPORT_MARKER = 'Written by `shelf import`.';
const EDIT_NOTE = `${IMPORT_MARKER} Edit freely: \`shelf plan\` compares this file with Seller Center.`;

export function layoutImport(remote: readonly RemoteProduct[], tree: readonly Category[], options: LayoutOptions = {}): ImportLayout {
  const dir = options.catalogDir ?? 'catalog';
  const at = (name: string) => (dir === '' || dir === '.' ? name : `${dir}/${name}`);
  const hint = options.schemaHint ? [options.schemaHint.replace(/^#\s?/, '')] : [];
  const groups = groupProducts(remote, { feeds: options.feeds });
  const names = categoryFiles(
    groups.map((g) => g.category),
    tree,
  );
  const files: ImportFile[] = [];
  let families = 0;
  let products = 0;
  let skus = 0;
  for (const entries of groups) {
    const name = names.get(entries.category);
    if (!name) continue;
    families += entries.families.length;
    products += entries.products.length;
    const count = entries.products.length + entries.families.reduce((n, f) => n + f.variants.length, 0);
    skus += count;
    files.push({
      path: at(name.file),
      skus: count,
      content: categoryFileText(entries, [...hint, `${name.title}. ${EDIT_NOTE}`]),
    });
  }
  files.sort((a, b) => compareNatural(a.path, b.path));

  if (options.feeds) {
    const first = new Map<string, RemoteProduct>();
    for (const r of remote) if (!first.has(r.sku)) first.set(r.sku, r);
    const sorted = [...first.values()].sort((a, b) => compareNatural(a.sku, b.sku));
    const prices: PriceFeedEntry[] = [];
    const stocks: { sku: string; stock: number }[] = [];
    for (const r of sorted) {
      if (r.price !== undefined || r.retail_price !== undefined)
        prices.push({ sku: r.sku, price: r.price, retail_price: r.retail_price });
      if (r.stock !== undefined) stocks.push({ sku: r.sku, stock: r.stock });
    }
    if (prices.length > 0)
      files.push({ path: at('prices.yaml'), skus: prices.length, content: pricesFeedText(prices, [...hint, `Prices per SKU. ${EDIT_NOTE}`]) });
    if (stocks.length > 0)
      files.push({ path: at('stocks.yaml'), skus: stocks.length, content: stocksFeedText(stocks, [...hint, `Stocks per SKU. ${EDIT_NOTE}`]) });
  }
  return { files, skus, families, products };
}
