import { describe, expect, it } from 'vitest';
import { countWriteBatches, estimateCost, minimumQuotaMs, planOfferBatches } from '../../src/plan/cost.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { catalog, dec, desired, remoteOf } from './build.js';

const offers = (n: number, make: (i: number) => object) =>
  Array.from({ length: n }, (_, i) => ({ sku: `S-${i}`, ...make(i) }));

describe('cost estimate', () => {
  it('gives the rolling-window lower bound (ceil(R/N) - 1) x W', () => {
    const limit = { requests: 10, windowMs: 60_000 };
    expect(minimumQuotaMs(0, limit)).toBe(0);
    expect(minimumQuotaMs(10, limit)).toBe(0);
    expect(minimumQuotaMs(11, limit)).toBe(60_000);
    expect(minimumQuotaMs(14, limit)).toBe(60_000);
    expect(minimumQuotaMs(31, limit)).toBe(180_000);
  });

  it('uses the dedicated offer endpoints when they cost no more, PRD104 when merging saves requests', () => {
    expect(planOfferBatches(offers(5, () => ({ price: dec('1') }))).map((b) => b.kind)).toEqual(['prices']);
    expect(planOfferBatches(offers(5, () => ({ stock: 1 }))).map((b) => b.kind)).toEqual(['stocks']);
    const mixed = planOfferBatches([...offers(3, () => ({ price: dec('1') })), ...offers(3, () => ({ stock: 1 }))]);
    expect(mixed.map((b) => [b.kind, b.items.length])).toEqual([['prices-and-stocks', 6]]);
    // 1000 prices-only and 1000 stocks-only: two full batches either way, so keep them apart.
    const full = planOfferBatches([...offers(1000, () => ({ price: dec('1') })), ...offers(1000, () => ({ stock: 1 }))]);
    expect(full.map((b) => b.kind)).toEqual(['prices', 'stocks']);
    // 1500 of each: 4 requests apart, 3 merged.
    const big = planOfferBatches([...offers(1500, () => ({ price: dec('1') })), ...offers(1500, () => ({ stock: 1 }))]);
    expect(big.map((b) => [b.kind, b.items.length])).toEqual([
      ['prices-and-stocks', 1000],
      ['prices-and-stocks', 1000],
      ['prices-and-stocks', 1000],
    ]);
  });

  it('counts product chunks of 1000, offers apart for new SKUs, deletes, and one poll per batch', () => {
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
