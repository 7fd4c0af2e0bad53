/**
 * What a plan will cost in requests, and the least time the quotas allow for them. The writes
 * are counted by apply's own planning (operations, endpoint choice, chunks of at most 1000
 * items), so they are exact; every batch is then polled at least once (PRD107 counts against
 * the same `products` quota), so status checks and the total are a minimum.
 */
import { MAX_CHUNK } from './writes/chunks.js';
import { needsProductUpsert } from './writes/operations.js';
import { planWriteRequests, totalWrites, WRITE_ORDER } from './writes/write-requests.js';
import type { RateLimit } from '../model/settings.js';
import type { Plan, RequestCost, ResourceChange } from './types.js';

/** True when the change needs a PRD101 upsert (a create, or any product field changes). */
export const needsProductWrite = needsProductUpsert;

/** Rolling-window lower bound: R requests at N per window W need at least (ceil(R/N) − 1) × W. */
export function minimumQuotaMs(requests: number, limit: RateLimit): number {
  if (requests <= 0) return 0;
  return (Math.ceil(requests / limit.requests) - 1) * limit.windowMs;
}

/** Requests per quota resource: the writes apply sends, plus one status check per batch at least. */
export function estimateCost(
  changes: readonly ResourceChange[],
  limits: { products: RateLimit },
  chunkSize = MAX_CHUNK,
): RequestCost[] {
  const perKind = planWriteRequests({ changes }, chunkSize);
  const writes = totalWrites(perKind);
  if (writes === 0) return [];
  const requests = writes * 2;
  const quota = limits.products;
  return [
    {
      resource: 'products',
      requests,
      quota: { ...quota },
      minimumMs: minimumQuotaMs(requests, quota),
      writes: Object.fromEntries(WRITE_ORDER.filter((kind) => perKind[kind] > 0).map((kind) => [kind, perKind[kind]])),
      minimumStatusChecks: writes,
    },
  ];
}

export function totalRequests(plan: Pick<Plan, 'cost'>): number {
  return plan.cost.reduce((sum, c) => sum + c.requests, 0);
}
