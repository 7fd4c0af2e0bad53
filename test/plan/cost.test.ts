import { describe, expect, it } from 'vitest';
import { estimateCost, minimumQuotaMs } from '../../src/plan/cost.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { costLine } from '../../src/views/plan-format.js';
import { planToJson } from '../../src/views/plan-json.js';
import { catalog, dec, desired, remoteOf } from './build.js';

const limits = { products: { requests: 10, windowMs: 60_000 } };

describe('cost estimate', () => {
  it('gives the rolling-window lower bound (ceil(R/N) - 1) x W', () => {
    const limit = { requests: 10, windowMs: 60_000 };
    expect(minimumQuotaMs(0, limit)).toBe(0);
    expect(minimumQuotaMs(10, limit)).toBe(0);
    expect(minimumQuotaMs(11, limit)).toBe(60_000);
    expect(minimumQuotaMs(14, limit)).toBe(60_000);
    expect(minimumQuotaMs(31, limit)).toBe(180_000);
  });

  it('counts product chunks of 1000, offers per endpoint, and one status check per batch', () => {
    const creates = Array.from({ length: 1001 }, (_, i) => desired(`NEW-${i}`, { price: dec('9.90'), stock: 1 }));
    const existing = Array.from({ length: 3 }, (_, i) => desired(`OLD-${i}`, { stock: 5 }));
    const remotes = existing.map((d) => remoteOf(d, { stock: 4 }));
    const plan = diffCatalog(catalog([...creates, ...existing]), remotes);
    // 1001 creates: 2 PRD101 chunks and 1001 PRD104 items; 3 stock-only writes (no managed price) go to PRD106.
    expect(plan.cost).toEqual([
      {
        resource: 'products',
        requests: 10,
        quota: { requests: 10, windowMs: 60_000 },
        minimumMs: 0,
        writes: { products: 2, 'prices-and-stocks': 2, stocks: 1 },
        minimumStatusChecks: 5,
      },
    ]);
    expect(estimateCost(plan.changes, { products: { requests: 4, windowMs: 1000 } })[0]!.minimumMs).toBe(2000);
  });

  it('sends a price and retail price together, and rides a price-only change in PRD104 when that saves a request', () => {
    const a = desired('A-1', { price: dec('2'), stock: 1 });
    const b = desired('B-1', { price: dec('2'), retail_price: dec('3'), stock: 1 });
    const plan = diffCatalog(catalog([a, b]), [remoteOf(a, { stock: 2 }), remoteOf(b, { retail_price: dec('4') })]);
    // A stock-only and B price-only, both with the other half managed: one PRD104 request.
    expect(plan.cost[0]!.writes).toEqual({ 'prices-and-stocks': 1 });
  });

  it('counts deletes as their own requests and nothing for an empty plan', () => {
    const kept = desired('K-1', { price: dec('5') });
    const gone = Array.from({ length: 1500 }, (_, i) => remoteOf(desired(`GONE-${i}`)));
    const plan = diffCatalog(catalog([kept], { prune: true }), [remoteOf(kept), ...gone]);
    expect(plan.cost[0]!.writes).toEqual({ delete: 2 });
    expect(plan.cost[0]!.requests).toBe(4);
    expect(estimateCost([], limits)).toEqual([]);
  });

  it('prints the writes per endpoint and the status checks as a minimum', () => {
    const line = costLine({
      resource: 'products',
      requests: 8,
      quota: { requests: 10, windowMs: 60_000 },
      minimumMs: 0,
      writes: { products: 2, 'prices-and-stocks': 1, stocks: 1 },
      minimumStatusChecks: 4,
    });
    expect(line).toBe(
      'Cost: 8 requests to i2/products (2 product writes, 1 price-and-stock write, 1 stock write, 4 status checks at least), within one quota window at 10/min.',
    );
  });

  it('still prints a plan saved before the breakdown was recorded', () => {
    const cost = { resource: 'products' as const, requests: 22, quota: { requests: 10, windowMs: 60_000 }, minimumMs: 120_000 };
    expect(costLine(cost)).toBe('Cost: 22 requests to i2/products, at least 2 min at 10/min.');
    const json = planToJson({ summary: { add: 0, change: 0, destroy: 0, unchanged: 0 }, changes: [], cost: [cost], warnings: [] });
    expect(json.cost).toEqual([{ resource: 'i2/products', requests: 22, quota: '10/min', minimum_seconds: 120 }]);
  });
});
