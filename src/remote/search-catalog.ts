/**
 * PRD108: search the marketplace catalog (`GET /i2/products/search/?query=&page=&limit=`). It
 * counts against the products quota like every `i2/products` call, so a search asks for as
 * many matches per page as it wants in all, and follows `next` only while it still wants more
 * (a server that caps the page size answers with more pages). A `next` link back to a page
 * already read is an error, never an endless loop.
 */
import { text } from './json-read.js';
import { CATALOG_SEARCH_PATH } from './endpoints.js';
import { RemoteError } from './errors.js';
import { attributes, reference, urls } from './normalize-product.js';
import type { Transport } from './transport.js';
import type { CatalogProduct, CatalogSearch } from './types.js';
import { readPage } from './page-envelope.js';

/** The largest page shelf asks for (the API's documented bulk limit). */
export const SEARCH_PAGE_LIMIT = 1000;

/** A catalog product, or undefined for an item without an id (nothing could link to it). */
export function normalizeCatalogProduct(item: unknown): CatalogProduct | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const o = item as Record<string, unknown>;
  const id = reference(o.id ?? o.pk ?? o.uuid);
  if (!id) return undefined;
  return {
    id,
    name: text(o.name) ?? '',
    base_code: text(o.base_code) ?? '',
    sku: text(o.sku) ?? '',
    category: reference(o.category) ?? '',
    attributes: attributes(o.attributes),
    images: urls(o.images),
  };
}

export async function searchCatalog(transport: Transport, query: string, opts: { limit: number }): Promise<CatalogSearch> {
  const limit = Math.max(1, Math.floor(opts.limit));
  const pageLimit = String(Math.min(limit, SEARCH_PAGE_LIMIT));
  const products: CatalogProduct[] = [];
  const ids = new Set<string>();
  const visited = new Set<string>();
  let target = CATALOG_SEARCH_PATH;
  let params: Record<string, string> | undefined = { query, limit: pageLimit, page: '1' };
  let page = 1;
  let pages = 0;
  let count: number | undefined;
  let pageSize = 0;
  for (;;) {
    const res = await transport.request({ method: 'GET', target, ...(params ? { query: params } : {}), priority: 'read' });
    pages += 1;
    if (visited.has(res.url)) {
      const endpoint = transport.endpointOf('GET', transport.resolve(CATALOG_SEARCH_PATH));
      throw new RemoteError(`${endpoint}: page ${pages} of the search results is an earlier page again (the API's \`next\` link points back)`, {
        kind: 'malformed',
        endpoint,
      });
    }
    visited.add(res.url);
    const read = readPage(res.body);
    if (pages === 1) {
      count = read.count;
      pageSize = Math.max(1, read.items.length);
    }
    for (const item of read.items) {
      const product = normalizeCatalogProduct(item);
      // A product repeated across pages (the catalog changed while it was read) is kept once.
      if (!product || ids.has(product.id)) continue;
      ids.add(product.id);
      products.push(product);
    }
    const enough = products.length >= limit;
    const exhausted = read.items.length === 0 || read.next === null || (count !== undefined && pages * pageSize >= count);
    if (enough || exhausted) break;
    if (typeof read.next === 'string') {
      target = new URL(read.next, res.url).toString();
      params = undefined;
    } else {
      // No `next` field at all: page by number while pages come full.
      if (read.items.length < pageSize) break;
      page += 1;
      target = CATALOG_SEARCH_PATH;
      params = { query, limit: pageLimit, page: String(page) };
    }
  }
  return { products: products.slice(0, limit), ...(count !== undefined ? { count } : {}), pages };
}
