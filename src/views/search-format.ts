/**
 * `shelf search` for people and for programs: a table of the matches (uuid, name, base code,
 * SKU, category path, attributes), then one `product:` line per match, ready to paste into a
 * catalog entry; or one JSON document. Every value comes from the API, so it is escaped for the
 * terminal and long text is cut.
 */
import pc from 'picocolors';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CatalogProduct } from '../remote/types.js';
import { diagnosticToJson } from './diagnostic-json.js';
import { safeText } from './safe-text.js';
import { displayWidth, padToWidth } from './text-width.js';

export const SEARCH_JSON_FORMAT_VERSION = '1';

/** What the search found: plain data (see SearchFound in the pipeline). */
export interface SearchMatches {
  query: string;
  count?: number;
  products: CatalogProduct[];
  categoryPaths: Record<string, string[]>;
}

const CELL_MAX = 40;

export function categoryPathOf(product: CatalogProduct, paths: Record<string, string[]>): string[] | undefined {
  return paths[product.category.toLowerCase()];
}

function attributesText(product: CatalogProduct): string {
  return Object.entries(product.attributes)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

/** A uuid as YAML takes it plainly; anything else an API might send (`42`, `a: b`) is quoted, so it stays text. */
function yamlScalar(value: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : JSON.stringify(value);
}

/** The line to paste under a catalog product, with a comment saying what it links to. */
export function productSnippet(product: CatalogProduct): string {
  const what = [product.name, product.sku].filter((t) => t !== '');
  const comment = what.length > 0 ? `   # ${safeText(what.length === 2 ? `${what[0]} (${what[1]})` : what[0]!, 80)}` : '';
  return `product: ${yamlScalar(product.id)}${comment}`;
}

/** "18 products in the marketplace catalog match "tee"; showing the first 10 (--limit 18 shows all)." */
export function searchHeadline(found: SearchMatches): string {
  const shown = found.products.length;
  const total = Math.max(found.count ?? shown, shown);
  const noun = total === 1 ? 'product' : 'products';
  const verb = total === 1 ? 'matches' : 'match';
  const head = `${total} ${noun} in the marketplace catalog ${verb} "${safeText(found.query, 80)}"`;
  if (total <= shown) return `${head}:`;
  const all = Math.min(total, 1000);
  return `${head}; showing the first ${shown} (--limit ${all} shows ${all === total ? 'all' : 'more'}):`;
}

export function renderSearchTable(found: SearchMatches): string[] {
  const header = ['UUID', 'NAME', 'BASE CODE', 'SKU', 'CATEGORY', 'ATTRIBUTES'];
  const rows = found.products.map((p) => [
    safeText(p.id, CELL_MAX),
    safeText(p.name, CELL_MAX),
    safeText(p.base_code, CELL_MAX),
    safeText(p.sku, CELL_MAX),
    safeText(categoryPathOf(p, found.categoryPaths)?.join(' > ') ?? p.category, CELL_MAX),
    safeText(attributesText(p), CELL_MAX),
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : padToWidth(cell, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderSearchHuman(found: SearchMatches, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const [header, ...rows] = renderSearchTable(found);
  const lines = [c.bold(searchHeadline(found)), '', c.bold(header!), ...rows, ''];
  lines.push('To sell one of these, add its line to your product (or variant) in a catalog file:', '');
  for (const product of found.products) lines.push(`  ${productSnippet(product)}`);
  return `${lines.join('\n')}\n`;
}

export function searchToJson(found: SearchMatches | undefined, query: string, diagnostics: readonly Diagnostic[]): Record<string, unknown> {
  const products = found?.products ?? [];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return {
    format_version: SEARCH_JSON_FORMAT_VERSION,
    query,
    count: found ? Math.max(found.count ?? products.length, products.length) : 0,
    results: products.map((p) => ({
      id: p.id,
      name: p.name,
      base_code: p.base_code,
      sku: p.sku,
      category: p.category,
      category_path: found ? (categoryPathOf(p, found.categoryPaths) ?? null) : null,
      attributes: { ...p.attributes },
      images: [...p.images],
      yaml: `product: ${yamlScalar(p.id)}`,
    })),
    ...(errors.length > 0 ? { errors: errors.map((d) => diagnosticToJson(d, { severity: false })) } : {}),
  };
}
