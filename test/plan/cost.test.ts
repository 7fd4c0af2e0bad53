import { describe, expect, it } from 'vitest';
import { countWriteBatches, estimateCost, minimumQuotaMs, offerRequestCount, offerShape } from '../../src/plan/cost.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { catalog, dec, desired, remoteOf } from './build.js';

describe('cost estimate', () => {
  it('gives the rolling-window lower bound (ceil(R/N) - 1) x W', () => {
    const limit = { requests: 10, windowMs: 60_000 };
    expect(minimumQuotaMs(0, limit)).toBe(0);
    expect(minimumQuotaMs(10, limit)).toBe(0);
    expect(minimumQuotaMs(11, limit)).toBe(60_000);
    expect(minimumQuotaMs(14, limit)).toBe(60_000);
    expect(minimumQuotaMs(31, limit)).toBe(180_000);
  });

  it('finds the fewest offer requests across PRD104, PRD105 and PRD106', () => {
    const shape = { both: 0, pricesOnly: 0, pricesPromotable: 0, stocksOnly: 0, stocksPromotable: 0 };
    expect(offerRequestCount({ ...shape, pricesOnly: 5 })).toBe(1);
    expect(offerRequestCount({ ...shape, pricesOnly: 5, stocksOnly: 5 })).toBe(2);
    // Both kinds can ride in PRD104 with their managed counterpart: one request.
    expect(offerRequestCount({ ...shape, pricesOnly: 5, pricesPromotable: 5, stocksOnly: 5, stocksPromotable: 5 })).toBe(1);
    // 1000 both + 10 price-only: moving the 10 into PRD104 does not help (2 either way).
    expect(offerRequestCount({ ...shape, both: 1000, pricesOnly: 10, pricesPromotable: 10 })).toBe(2);
    // 990 both + 10 price-only promotable: exactly one full PRD104 chunk.
    expect(offerRequestCount({ ...shape, both: 990, pricesOnly: 10, pricesPromotable: 10 })).toBe(1);
    // 2 both-writes among 1500 price-only and 1500 stock-only: splitting them costs 4, keeping them 5.
    expect(offerRequestCount({ ...shape, both: 2, pricesOnly: 1500, stocksOnly: 1500 })).toBe(4);
    // Moving the price-only remainder fills the PRD104 chunk: 3 requests instead of 1 + 3.
    expect(offerRequestCount({ ...shape, both: 500, pricesOnly: 2500, pricesPromotable: 2500 })).toBe(3);
    expect(offerRequestCount({ ...shape, both: 500, pricesOnly: 2500 })).toBe(4);
  });

  it('derives the offer shape from the changes', () => {
    const a = desired('A-1', { price: dec('2'), stock: 1 });
    const b = desired('B-1', { price: dec('2'), stock: 1 });
    const c = desired('C-1', { stock: 1 });
    const plan = diffCatalog(catalog([a, b, c, desired('D-1', { price: dec('1'), stock: 3 })]), [
      remoteOf(a, { price: dec('3') }),
      remoteOf(b, { stock: 2 }),
      remoteOf(c, { stock: 2 }),
    ]);
    expect(offerShape(plan.changes)).toEqual({ both: 1, pricesOnly: 1, pricesPromotable: 1, stocksOnly: 2, stocksPromotable: 1 });
  });

  it('counts product chunks of 1000, offer chunks, deletes, and one poll per batch', () => {
    const creates = Array.from({ length: 1001 }, (_, i) => desired(`NEW-${i}`, { price: dec('9.90'), stock: 1 }));
    const existing = Array.from({ length: 3 }, (_, i) => desired(`OLD-${i}`, { stock: 5 }));
    const remotes = existing.map((d) => remoteOf(d, { stock: 4 }));
    const plan = diffCatalog(catalog([...creates, ...existing]), remotes);
    expect(countWriteBatches(plan.changes)).toEqual({ productBatches: 2, offerBatches: 3, deleteBatches: 0 });
    expect(plan.cost).toEqual([
      { resource: 'products', requests: 10, quota: { requests: 10, windowMs: 60_000 }, minimumMs: 0 },
    ]);
    expect(estimateCost(plan.changes, { products: { requests: 4, windowMs: 1000 } })[0]!.minimumMs).toBe(2000);
  });
});
