/**
 * What a plan will cost in requests, and the least time the quotas allow for them. Writes go
 * in chunks of at most 1000 items; every batch is polled at least once (PRD107 counts against
 * the same `products` quota). Offers pick PRD104 (prices and stocks together) or PRD105/106
 * (prices only / stocks only), whichever needs fewer requests.
 */
import type { RateLimit } from '../model/settings.js';
import type { OfferWrite } from '../remote/types.js';
import type { Plan, RequestCost, ResourceChange } from './types.js';

export const MAX_BATCH_ITEMS = 1000;

/** How many offer writes of each shape a plan needs. */
export interface OfferShape {
  /** Price and stock both change. */
  both: number;
  /** Only the price (and/or retail price) changes… */
  pricesOnly: number;
  /** …of which this many manage a stock, so the item can ride in PRD104 with that stock. */
  pricesPromotable: number;
  stocksOnly: number;
  /** Stock-only writes whose price is managed, so PRD104 can carry them with that price. */
  stocksPromotable: number;
}

/**
 * The fewest offer requests: PRD104 items carry price and stock together, PRD105 prices,
 * PRD106 stocks. A price-only write may join PRD104 with its managed stock (and a stock-only
 * one with its managed price); or every both-write may split into a price and a stock item.
 * Moving writes into PRD104 only pays when it empties a partly filled chunk, so the candidates
 * are: none, just the remainder of the last chunk, or all that can move.
 */
export function offerRequestCount(shape: OfferShape, chunkSize = MAX_BATCH_ITEMS): number {
  const n = (x: number) => Math.ceil(x / chunkSize);
  const moves = (total: number, movable: number) =>
    [...new Set([0, movable, total % chunkSize])].filter((x) => x >= 0 && x <= movable);
  let best = n(shape.both + shape.pricesOnly) + n(shape.both + shape.stocksOnly); // split
  for (const xp of moves(shape.pricesOnly, shape.pricesPromotable)) {
    for (const xs of moves(shape.stocksOnly, shape.stocksPromotable)) {
      best = Math.min(best, n(shape.both + xp + xs) + n(shape.pricesOnly - xp) + n(shape.stocksOnly - xs));
    }
  }
  return best;
}

/** The shape of the offer writes of a set of changes. */
export function offerShape(changes: readonly ResourceChange[]): OfferShape {
  const shape: OfferShape = { both: 0, pricesOnly: 0, pricesPromotable: 0, stocksOnly: 0, stocksPromotable: 0 };
  for (const c of changes) {
    const write = offerWriteOf(c);
    if (!write || !c.after) continue;
    const price = write.price !== undefined || write.retail_price !== undefined;
    const stock = write.stock !== undefined;
    if (price && stock) shape.both += 1;
    else if (price) {
      shape.pricesOnly += 1;
      if (c.after.stock !== undefined) shape.pricesPromotable += 1;
    } else {
      shape.stocksOnly += 1;
      if (c.after.price !== undefined || c.after.retail_price !== undefined) shape.stocksPromotable += 1;
    }
  }
  return shape;
}

/** The offer write a change needs (only the offer fields that change), or undefined. */
export function offerWriteOf(change: ResourceChange): OfferWrite | undefined {
  const after = change.after;
  if (change.action === 'delete' || !after) return undefined;
  const changes = (field: 'price' | 'retail_price' | 'stock') => change.changed.includes(field) && after[field] !== undefined;
  const write: OfferWrite = { sku: change.sku };
  if (changes('price')) write.price = after.price;
  if (changes('retail_price')) write.retail_price = after.retail_price;
  if (changes('stock')) write.stock = after.stock;
  const any = write.price !== undefined || write.retail_price !== undefined || write.stock !== undefined;
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

/** Counts the write batches of a set of changes (each at most 1000 items). */
export function countWriteBatches(changes: readonly ResourceChange[]): WriteCounts {
  const products = changes.filter(needsProductWrite).length;
  const deletes = changes.filter((c) => c.action === 'delete').length;
  return {
    productBatches: Math.ceil(products / MAX_BATCH_ITEMS),
    offerBatches: offerRequestCount(offerShape(changes)),
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
