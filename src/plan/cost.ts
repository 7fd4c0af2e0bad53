/**
 * What a plan will cost in requests, and the least time the quotas allow for them. Writes go
 * in chunks of at most 1000 items; every batch is polled at least once (PRD107 counts against
 * the same `products` quota). Offers pick PRD104 (prices and stocks together) or PRD105/106
 * (prices only / stocks only), whichever needs fewer requests.
 */
import type { RateLimit } from '../model/settings.js';
import type { BatchKind, OfferWrite } from '../remote/types.js';
import type { Plan, RequestCost, ResourceChange } from './types.js';

export const MAX_BATCH_ITEMS = 1000;

export interface OfferBatch {
  kind: Extract<BatchKind, 'prices-and-stocks' | 'prices' | 'stocks'>;
  items: OfferWrite[];
}

export function chunk<T>(items: readonly T[], size = MAX_BATCH_ITEMS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Groups offer writes into batches with the fewest requests. A record may carry only some
 * fields, so PRD104 can take all of them; the dedicated endpoints are preferred when they
 * cost no more (their error files then speak of one field only).
 */
export function planOfferBatches(items: readonly OfferWrite[]): OfferBatch[] {
  const hasPrice = (o: OfferWrite) => o.price !== undefined || o.retail_price !== undefined;
  const hasStock = (o: OfferWrite) => o.stock !== undefined;
  const both = items.filter((o) => hasPrice(o) && hasStock(o));
  const pricesOnly = items.filter((o) => hasPrice(o) && !hasStock(o));
  const stocksOnly = items.filter((o) => !hasPrice(o) && hasStock(o));
  const count = (n: number) => Math.ceil(n / MAX_BATCH_ITEMS);
  const separate = count(both.length) + count(pricesOnly.length) + count(stocksOnly.length);
  const merged = count(both.length + pricesOnly.length + stocksOnly.length);
  if (merged < separate) {
    return chunk([...both, ...pricesOnly, ...stocksOnly]).map((c) => ({ kind: 'prices-and-stocks', items: c }));
  }
  return [
    ...chunk(both).map((c) => ({ kind: 'prices-and-stocks' as const, items: c })),
    ...chunk(pricesOnly).map((c) => ({ kind: 'prices' as const, items: c })),
    ...chunk(stocksOnly).map((c) => ({ kind: 'stocks' as const, items: c })),
  ];
}

/** The offer write a change needs (only the offer fields that change), or undefined. */
export function offerWriteOf(change: ResourceChange): OfferWrite | undefined {
  if (change.action === 'delete' || !change.after) return undefined;
  const write: OfferWrite = { sku: change.sku };
  let any = false;
  for (const key of ['price', 'retail_price', 'stock'] as const) {
    if (change.changed.includes(key) && change.after[key] !== undefined) {
      (write as unknown as Record<string, unknown>)[key] = change.after[key];
      any = true;
    }
  }
  return any ? write : undefined;
}

const PRODUCT_FIELD_NAMES = new Set([
  'name',
  'base_code',
  'category',
  'attributes',
  'images',
  'videos',
  'product',
  'restrict_for_others',
]);

/** True when the change needs a PRD101 upsert (a create, or any product field changes). */
export function needsProductWrite(change: ResourceChange): boolean {
  return change.action === 'create' || (change.action === 'update' && change.changed.some((f) => PRODUCT_FIELD_NAMES.has(f)));
}

/** Rolling-window lower bound: R requests at N per window W need at least (ceil(R/N) − 1) × W. */
export function minimumQuotaMs(requests: number, limit: RateLimit): number {
  if (requests <= 0) return 0;
  return (Math.ceil(requests / limit.requests) - 1) * limit.windowMs;
}

export interface WriteCounts {
  productBatches: number;
  offerBatches: number;
  deleteBatches: number;
}

/**
 * Counts the write batches of a set of changes. Offers of SKUs created in the same run wait
 * for their product batch, so they are batched apart from offers of existing SKUs.
 */
export function countWriteBatches(changes: readonly ResourceChange[]): WriteCounts {
  const products = changes.filter(needsProductWrite).length;
  const deletes = changes.filter((c) => c.action === 'delete').length;
  const newOffers: OfferWrite[] = [];
  const existingOffers: OfferWrite[] = [];
  for (const c of changes) {
    const offer = offerWriteOf(c);
    if (offer) (c.action === 'create' ? newOffers : existingOffers).push(offer);
  }
  return {
    productBatches: Math.ceil(products / MAX_BATCH_ITEMS),
    offerBatches: planOfferBatches(newOffers).length + planOfferBatches(existingOffers).length,
    deleteBatches: Math.ceil(deletes / MAX_BATCH_ITEMS),
  };
}

/** Requests per quota resource: every batch is one write plus at least one poll. */
export function estimateCost(changes: readonly ResourceChange[], limits: { products: RateLimit }): RequestCost[] {
  const counts = countWriteBatches(changes);
  const batches = counts.productBatches + counts.offerBatches + counts.deleteBatches;
  if (batches === 0) return [];
  const requests = batches * 2;
  const quota = limits.products;
  return [{ resource: 'products', requests, quota: { ...quota }, minimumMs: minimumQuotaMs(requests, quota) }];
}

export function totalRequests(plan: Pick<Plan, 'cost'>): number {
  return plan.cost.reduce((sum, c) => sum + c.requests, 0);
}
