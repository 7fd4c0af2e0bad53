/**
 * The plan's cost is the apply's traffic: for generated plans of every shape, the write
 * requests the estimate names per endpoint are exactly the requests the executor submits, and
 * its minimum status checks are one per batch.
 */
import { describe, expect, it } from 'vitest';
import { ApplyEvents } from '../../src/apply/events.js';
import { executeOperations } from '../../src/apply/executor.js';
import { operationsFromPlan } from '../../src/plan/writes/operations.js';
import type { DesiredProduct, RemoteProduct } from '../../src/model/product.js';
import { estimateCost } from '../../src/plan/cost.js';
import { diffCatalog } from '../../src/plan/diff.js';
import type { Plan } from '../../src/plan/types.js';
import { catalog, dec, desired, remoteOf } from '../plan/build.js';
import { createFakeClient } from './fake-client.js';

/** Small deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

type Case = { desired?: DesiredProduct; remote?: RemoteProduct };
const offer = { price: dec('10.00'), retail_price: dec('12.00'), stock: 5 };

/** One SKU in a given situation: what the catalog wants and what Seller Center has. */
const SCENARIOS: Record<string, (sku: string) => Case> = {
  createFull: (sku) => ({ desired: desired(sku, offer) }),
  createBare: (sku) => ({ desired: desired(sku) }),
  createPriceOnly: (sku) => ({ desired: desired(sku, { price: dec('10.00') }) }),
  createStockOnly: (sku) => ({ desired: desired(sku, { stock: 3 }) }),
  renamed: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { name: 'Old name' }) };
  },
  priceWithManagedStock: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { price: dec('11.00') }) };
  },
  priceUnmanagedStock: (sku) => {
    const d = desired(sku, { price: dec('10.00') });
    return { desired: d, remote: remoteOf(d, { price: dec('11.00'), stock: 9 }) };
  },
  retailOnly: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { retail_price: dec('13.00') }) };
  },
  stockWithManagedPrice: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { stock: 1 }) };
  },
  stockUnmanagedPrice: (sku) => {
    const d = desired(sku, { stock: 4 });
    return { desired: d, remote: remoteOf(d, { stock: 1, price: dec('3.00') }) };
  },
  priceAndStock: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { price: dec('9.00'), stock: 0 }) };
  },
  renamedAndStock: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d, { name: 'Old name', stock: 2 }) };
  },
  deleted: (sku) => ({ remote: remoteOf(desired(sku, offer)) }),
  unchanged: (sku) => {
    const d = desired(sku, offer);
    return { desired: d, remote: remoteOf(d) };
  },
};
type Scenario = keyof typeof SCENARIOS;

const FAMILIES: Record<string, Scenario[]> = {
  creates: ['createFull', 'createBare', 'createPriceOnly', 'createStockOnly'],
  'product fields only': ['renamed', 'unchanged'],
  'offers only': ['priceWithManagedStock', 'priceUnmanagedStock', 'retailOnly', 'stockWithManagedPrice', 'stockUnmanagedPrice', 'priceAndStock'],
  'prices without stocks': ['priceUnmanagedStock', 'createPriceOnly', 'priceWithManagedStock', 'retailOnly'],
  'stocks without prices': ['stockUnmanagedPrice', 'createStockOnly', 'stockWithManagedPrice'],
  deletes: ['deleted', 'unchanged', 'renamed'],
  mixes: Object.keys(SCENARIOS) as Scenario[],
};

function generatePlan(seed: number, scenarios: readonly Scenario[], size: number): Plan {
  const pick = random(seed);
  // Skewed weights, so some plans are dominated by one situation and chunk boundaries vary.
  const weights = scenarios.map(() => 1 + pick(8));
  const total = weights.reduce((a, b) => a + b, 0);
  const desiredProducts: DesiredProduct[] = [];
  const remotes: RemoteProduct[] = [];
  for (let i = 0; i < size; i++) {
    let r = pick(total);
    let k = 0;
    while (r >= weights[k]!) r -= weights[k++]!;
    const c = SCENARIOS[scenarios[k]!]!(`GEN-${seed}-${String(i).padStart(5, '0')}`);
    if (c.desired) desiredProducts.push(c.desired);
    if (c.remote) remotes.push(c.remote);
  }
  return diffCatalog(catalog(desiredProducts, { prune: true }), remotes);
}

async function submittedPerEndpoint(plan: Plan, seed: number, chunkSize: number) {
  const pick = random(seed ^ 0x5eed);
  // Batches finish in a shuffled order, so offers of new SKUs are released at varying moments.
  const fake = createFakeClient({ batchMs: () => pick(4) });
  const result = await executeOperations({ client: fake.client, operations: operationsFromPlan(plan), events: new ApplyEvents(), chunkSize });
  expect(result.errors).toEqual([]);
  const perKind: Record<string, number> = {};
  for (const s of fake.submits) perKind[s.kind] = (perKind[s.kind] ?? 0) + 1;
  return { perKind, polled: fake.finished.length };
}

const limits = { products: { requests: 10, windowMs: 60_000 } };

describe('plan cost equals what apply submits', () => {
  for (const [family, scenarios] of Object.entries(FAMILIES)) {
    it(`for generated plans of ${family}`, async () => {
      for (let seed = 1; seed <= 12; seed++) {
        const pick = random(seed * 7919);
        const chunkSize = 2 + pick(9);
        const plan = generatePlan(seed, scenarios, 1 + pick(60));
        const cost = estimateCost(plan.changes, limits, chunkSize)[0];
        const sent = await submittedPerEndpoint(plan, seed, chunkSize);
        const context = `${family}, seed ${seed}, chunk ${chunkSize}`;
        expect(sent.perKind, context).toEqual(cost?.writes ?? {});
        expect(sent.polled, context).toBe(cost?.minimumStatusChecks ?? 0);
      }
    });
  }

  it('for a mix of more than 1000 SKUs in chunks of 1000', async () => {
    const plan = generatePlan(4242, FAMILIES.mixes!, 2600);
    const cost = estimateCost(plan.changes, limits)[0]!;
    const sent = await submittedPerEndpoint(plan, 4242, 1000);
    expect(sent.perKind).toEqual(cost.writes);
    expect(sent.polled).toBe(cost.minimumStatusChecks);
    // Large enough that at least one endpoint needs more than one chunk.
    expect(Math.max(...Object.values(cost.writes!))).toBeGreaterThan(1);
    expect(cost.requests).toBe(2 * Object.values(cost.writes!).reduce((a, b) => a + b, 0));
  });

  it('for price-only and stock-only writes that fit one PRD104 chunk together', async () => {
    // 3 price-only and 12 stock-only (8 of them with a managed price) in chunks of 10: two requests
    // suffice (3 prices and 2 stocks ride PRD104 with their managed counterparts, 10 stocks in PRD106).
    const scenarios: Case[] = [
      ...Array.from({ length: 3 }, (_, i) => SCENARIOS.priceWithManagedStock!(`P-${i}`)),
      ...Array.from({ length: 8 }, (_, i) => SCENARIOS.stockWithManagedPrice!(`S-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => SCENARIOS.stockUnmanagedPrice!(`U-${i}`)),
    ];
    const plan = diffCatalog(
      catalog(scenarios.map((c) => c.desired!)),
      scenarios.map((c) => c.remote!),
    );
    const cost = estimateCost(plan.changes, limits, 10)[0]!;
    expect(cost.writes).toEqual({ 'prices-and-stocks': 1, stocks: 1 });
    expect((await submittedPerEndpoint(plan, 1, 10)).perKind).toEqual(cost.writes);
  });
});
