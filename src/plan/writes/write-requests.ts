/**
 * The write requests apply sends for a plan, per endpoint: the very operations, endpoint choice
 * and chunking the executor uses, counted instead of sent. `shelf plan` prints these counts, so
 * the number a reviewer approves is the number apply sends (when no batch fails: offers of a SKU
 * whose creation failed are not sent). Pure; no I/O.
 */
import type { ResourceChange } from '../types.js';
import type { BatchKind } from '../../remote/types.js';
import { MAX_CHUNK } from './chunks.js';
import { chooseOfferEndpoints } from './offer-endpoints.js';
import { operationsFromPlan } from './operations.js';
import type { ApplyOperations } from './types.js';

/** Write requests per endpoint, in the order apply sends them. */
export type WriteRequests = Record<BatchKind, number>;

export const WRITE_ORDER: readonly BatchKind[] = ['products', 'prices-and-stocks', 'prices', 'stocks', 'delete'];

/**
 * Every chunk is one request. The executor sends offers of an endpoint in full chunks and sends
 * a partial one only when that costs no extra request, so each endpoint takes ceil(items / size).
 */
export function countWriteRequests(ops: ApplyOperations, size = MAX_CHUNK): WriteRequests {
  const chunks = (items: number) => Math.ceil(items / size);
  const offers = { 'prices-and-stocks': 0, prices: 0, stocks: 0 };
  for (const routed of chooseOfferEndpoints(ops.offers, size)) offers[routed.endpoint] += 1;
  return {
    products: chunks(ops.products.length),
    'prices-and-stocks': chunks(offers['prices-and-stocks']),
    prices: chunks(offers.prices),
    stocks: chunks(offers.stocks),
    delete: chunks(ops.deletes.length),
  };
}

export function planWriteRequests(plan: { readonly changes: readonly ResourceChange[] }, size = MAX_CHUNK): WriteRequests {
  return countWriteRequests(operationsFromPlan(plan), size);
}

export function totalWrites(writes: Partial<WriteRequests>): number {
  return WRITE_ORDER.reduce((sum, kind) => sum + (writes[kind] ?? 0), 0);
}
