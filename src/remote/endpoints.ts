/**
 * Which quota a path belongs to, and the paths of the endpoints shelf uses (relative to the
 * base URL, as the API reference writes them).
 */
import type { QuotaResource } from '../model/settings.js';
import type { BatchKind } from './types.js';

/** `/i2/products/...` → products, `/i2/categories/...` → categories, `/i1/...` → unlimited. */
export function quotaResourceOf(relativePath: string): QuotaResource | undefined {
  const m = /^\/?i2\/(products|categories|packages|claims)(\/|$)/.exec(relativePath);
  return m ? (m[1] as QuotaResource) : undefined;
}

/** The list endpoints shelf reads (PRD100, CTG101): a 404 there means the base URL is wrong, not a record gone. */
export function isListingPath(relativePath: string): boolean {
  return /^\/?i2\/(products|categories)\/?$/.test(relativePath);
}

export const PRODUCTS_PATH = '/i2/products/';
export const CATEGORIES_PATH = '/i2/categories/';
/** PRD108: the marketplace catalog search (under the products quota). */
export const CATALOG_SEARCH_PATH = '/i2/products/search/';
/** LNG001 (no quota). */
export const LANGUAGES_PATH = '/i1/languages/';

export function isLanguagesPath(relativePath: string): boolean {
  return /^\/?i1\/languages\/?$/.test(relativePath);
}

export function batchPath(id: string): string {
  return `/i2/products/batch-requests/${encodeURIComponent(id)}`;
}

export function categoryAttributesPath(categoryId: string): string {
  return `/i2/categories/${encodeURIComponent(categoryId)}/attributes/`;
}

/** PRD101, PRD103, PRD104, PRD105, PRD106. */
export const WRITE_ENDPOINTS: Record<BatchKind, { method: 'POST' | 'DELETE'; path: string }> = {
  products: { method: 'POST', path: '/i2/products/' },
  delete: { method: 'DELETE', path: '/i2/products/' },
  'prices-and-stocks': { method: 'POST', path: '/i2/products/prices-and-stocks/' },
  prices: { method: 'POST', path: '/i2/products/prices/' },
  stocks: { method: 'POST', path: '/i2/products/stocks/' },
};
