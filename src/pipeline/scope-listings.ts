/**
 * The listings a read of the scope is made of: each scope filter twice, unapproved then
 * approved (the order the full read has always used, so a product approved between the two
 * listings shows up in the second rather than in neither), and the merge that turns their
 * records into the remote catalog: the first listing that holds a SKU wins, as in one pass.
 */
import type { RemoteProduct } from '../model/product.js';
import type { Settings } from '../model/settings.js';
import { inScope } from '../plan/scope.js';
import { filterQuery } from '../remote/list-products.js';
import type { ProductFilter } from '../remote/types.js';

export interface ScopeListing {
  filter: ProductFilter & { approved: boolean };
  /** Canonical query string: what the snapshot files the listing under. */
  query: string;
}

export function listingQuery(filter: ProductFilter & { approved: boolean }): string {
  const q = { ...filterQuery(filter), approved: String(filter.approved) };
  return new URLSearchParams(Object.entries(q).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
}

export function scopeListings(filters: readonly ProductFilter[]): ScopeListing[] {
  return filters.flatMap((f) =>
    [false, true].map((approved) => {
      const { approved: _both, ...rest } = f;
      const filter = { ...rest, approved };
      return { filter, query: listingQuery(filter) };
    }),
  );
}

/** The snapshot's key for a scope: the listings that cover it, in order. */
export function scopeKey(listings: readonly ScopeListing[]): string {
  return listings.map((l) => l.query).join('\n');
}

/** The remote catalog from per-listing records: first listing wins per SKU, only SKUs in scope. */
export function mergeListings(records: readonly (readonly RemoteProduct[])[], scope: Settings['scope']): RemoteProduct[] {
  const out: RemoteProduct[] = [];
  // Only the SKUs of earlier listings need remembering (a listing holds each SKU once): the set
  // stays as small as the listings awaiting approval, not the size of the scope.
  const earlier = new Set<string>();
  records.forEach((listing, i) => {
    const last = i === records.length - 1;
    for (const p of listing) {
      if (earlier.has(p.sku) || !inScope(p, scope)) continue;
      if (!last) earlier.add(p.sku);
      out.push(p);
    }
  });
  return out;
}
