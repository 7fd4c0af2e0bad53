/**
 * Reads the remote products a repository owns with the fewest requests PRD102 allows: one
 * listing per SKU prefix (`sku__contains`, as the API has no "starts with" for SKUs; the
 * prefix is checked here) with every scope category in one `category__in`, each listing
 * both approved and unapproved products in pages of the largest size. `--target` SKUs are
 * read one by one with `sku=` while that is cheaper than reading the scope.
 */
import type { RemoteProduct } from '../model/product.js';
import type { Settings } from '../model/settings.js';
import type { ListingPage, ProductFilter, SellerCenterClient } from '../remote/types.js';
import { inScope, minimalPrefixes, skuInPrefixes } from '../plan/scope.js';
import { readScopeWithSnapshot, type SnapshotReadOptions } from './snapshot-read.js';

/** Category uuids per `category__in` request: keeps the query string well under common URL limits. */
export const CATEGORIES_PER_REQUEST = 50;

/**
 * Above this many targets a read of the whole scope (one listing per prefix) costs fewer
 * requests than per-SKU reads (two each: approved and unapproved).
 */
export const PER_SKU_READ_LIMIT = 5;

/** How far a read has got: products kept, pages read, and the pages it takes as far as known. */
export interface ReadCount {
  products: number;
  pagesRead: number;
  /**
   * Each started listing's pages (its first page's `count` over that page's size), plus one
   * for each listing not started yet; grows if a listing is read again.
   */
  pagesTotal: number;
}

export interface ReadRemoteOptions {
  targets?: readonly string[];
  /** Called as pages arrive (progress). */
  onPage?: (count: ReadCount) => void;
  /**
   * Read the whole scope through the repository's snapshot (incrementally when it can be
   * trusted) and leave a new one. Not used with targets.
   */
  snapshot?: SnapshotReadOptions;
}

/** Progress of a read made of `listings` listings, however many pages each turns out to have. */
function listingProgress(listings: number, onPage?: (count: ReadCount) => void): (page: ListingPage) => void {
  let started = 0;
  let known = 0;
  let pagesRead = 0;
  let products = 0;
  return (page) => {
    pagesRead += 1;
    products += page.items;
    if (page.first) {
      started += 1;
      known += pagesOf(page);
    }
    onPage?.({ products, pagesRead, pagesTotal: Math.max(pagesRead, known + Math.max(0, listings - started)) });
  };
}

/** Pages a listing takes, from its first page. */
function pagesOf(first: ListingPage): number {
  if (first.count === undefined || first.items === 0 || first.items >= first.count) return 1;
  return Math.ceil(first.count / first.items);
}

/** The PRD102 filters that together cover the scope, each listing approved and unapproved products. */
export function scopeFilters(scope: Settings['scope']): ProductFilter[] {
  const prefixes = minimalPrefixes(scope.skuPrefixes);
  const categoryGroups: (string[] | undefined)[] = [];
  const categories = [...new Set(scope.categories)];
  for (let i = 0; i < categories.length; i += CATEGORIES_PER_REQUEST)
    categoryGroups.push(categories.slice(i, i + CATEGORIES_PER_REQUEST));
  if (categoryGroups.length === 0) categoryGroups.push(undefined);
  const filters: ProductFilter[] = [];
  for (const prefix of prefixes.length > 0 ? prefixes : [undefined]) {
    for (const group of categoryGroups) {
      filters.push({
        approved: 'both',
        ...(prefix !== undefined ? { sku__contains: prefix } : {}),
        ...(group ? { category__in: group } : {}),
      });
    }
  }
  return filters;
}

async function collect(
  client: SellerCenterClient,
  filters: ProductFilter[],
  keep: (p: RemoteProduct) => boolean,
  onPage?: (count: ReadCount) => void,
): Promise<RemoteProduct[]> {
  const bySku = new Map<string, RemoteProduct>();
  // Every filter here lists approved and unapproved products: two listings each.
  const listings = filters.reduce((n, f) => n + (f.approved === true || f.approved === false ? 1 : 2), 0);
  let started = 0;
  let known = 0;
  let pagesRead = 0;
  const report = () =>
    onPage?.({ products: bySku.size, pagesRead, pagesTotal: Math.max(pagesRead, known + Math.max(0, listings - started)) });
  const listed = (page: ListingPage) => {
    pagesRead += 1;
    if (page.first) {
      started += 1;
      known += pagesOf(page);
    }
    report();
  };
  for (const filter of filters) {
    for await (const page of client.listProducts(filter, { onPage: listed })) {
      for (const p of page) if (keep(p) && !bySku.has(p.sku)) bySku.set(p.sku, p);
      report();
    }
  }
  return [...bySku.values()];
}

export async function readRemoteCatalog(
  client: SellerCenterClient,
  settings: Settings,
  options: ReadRemoteOptions = {},
): Promise<RemoteProduct[]> {
  const targets = options.targets && options.targets.length > 0 ? new Set(options.targets) : undefined;
  if (targets && targets.size <= PER_SKU_READ_LIMIT) {
    const filters = [...targets].map((sku): ProductFilter => ({ sku, approved: 'both' }));
    // `sku=` is an exact filter, but a lenient server might match more: keep only the SKU asked for.
    return collect(client, filters, (p) => targets.has(p.sku), options.onPage);
  }
  if (targets) {
    // Many targets: list by SKU prefix only (a target may sit in a category outside the scope,
    // and `apply PLANFILE` must see it wherever it moved), or everything if a target lies outside the prefixes.
    const prefixes = settings.scope.skuPrefixes;
    const covered = [...targets].every((sku) => skuInPrefixes(sku, prefixes));
    const filters = covered ? scopeFilters({ skuPrefixes: prefixes, categories: [] }) : [{ approved: 'both' as const }];
    return collect(client, filters, (p) => targets.has(p.sku), options.onPage);
  }
  const filters = scopeFilters(settings.scope);
  if (options.snapshot) {
    const progress = listingProgress(filters.length * 2, options.onPage);
    const read = await readScopeWithSnapshot(client, settings, filters, options.snapshot, progress);
    if (read) return read.remote;
  }
  return collect(client, filters, (p) => inScope(p, settings.scope), options.onPage);
}
