import { describe, expect, it } from 'vitest';
import { chooseOfferEndpoints } from '../../src/plan/writes/offer-endpoints.js';
import type { OfferOp } from '../../src/plan/writes/types.js';
import type { Decimal } from '../../src/model/decimal.js';

const d = (s: string) => s as Decimal;
function op(sku: string, write: 'both' | 'price' | 'stock', managed: 'both' | 'price' | 'stock' = write): OfferOp {
  const price = { price: d('10.00'), retail_price: d('12.00') };
  const w = write === 'both' ? { sku, ...price, stock: 3 } : write === 'price' ? { sku, ...price } : { sku, stock: 3 };
  const m = managed === 'both' ? { sku, ...price, stock: 3 } : managed === 'price' ? { sku, ...price } : { sku, stock: 3 };
  return { sku, afterCreate: false, write: w, managed: m };
}
const many = (n: number, prefix: string, write: 'both' | 'price' | 'stock', managed?: 'both' | 'price' | 'stock') =>
  Array.from({ length: n }, (_, i) => op(`${prefix}${i}`, write, managed));
const requests = (routed: ReturnType<typeof chooseOfferEndpoints>, size: number) => {
  const per = new Map<string, number>();
  for (const r of routed) per.set(r.endpoint, (per.get(r.endpoint) ?? 0) + 1);
  return [...per.values()].reduce((sum, n) => sum + Math.ceil(n / size), 0);
};

describe('chooseOfferEndpoints', () => {
  it('sends price and stock changes of one SKU together through PRD104', () => {
    const routed = chooseOfferEndpoints(many(5, 'A', 'both'), 10);
    expect(new Set(routed.map((r) => r.endpoint))).toEqual(new Set(['prices-and-stocks']));
    expect(routed[0]!.item).toEqual({ sku: 'A0', price: '10.00', retail_price: '12.00', stock: 3 });
  });

  it('merges price-only and stock-only writes into one PRD104 request when both are managed', () => {
    const routed = chooseOfferEndpoints([...many(3, 'P', 'price', 'both'), ...many(3, 'S', 'stock', 'both')], 10);
    expect(requests(routed, 10)).toBe(1);
  });

  it('keeps price-only and stock-only changes on their own endpoints when merging costs nothing', () => {
    const routed = chooseOfferEndpoints([...many(3, 'P', 'price', 'both'), ...many(10, 'S', 'stock', 'both')], 10);
    expect(routed.filter((r) => r.endpoint === 'prices').map((r) => r.item)).toEqual(
      many(3, 'P', 'price').map((o) => o.write),
    );
    expect(requests(routed, 10)).toBe(2);
  });

  it('folds a few price-only writes into PRD104 (with the managed stock) when that saves a request', () => {
    const routed = chooseOfferEndpoints([...many(8, 'B', 'both'), ...many(2, 'P', 'price', 'both')], 10);
    expect(requests(routed, 10)).toBe(1);
    const folded = routed.find((r) => r.op.sku === 'P0')!;
    expect(folded.endpoint).toBe('prices-and-stocks');
    expect(folded.item).toEqual({ sku: 'P0', price: '10.00', retail_price: '12.00', stock: 3 });
  });

  it('never invents a stock the repository does not manage', () => {
    const routed = chooseOfferEndpoints([...many(8, 'B', 'both'), ...many(2, 'P', 'price', 'price')], 10);
    expect(routed.filter((r) => r.op.sku.startsWith('P')).every((r) => r.endpoint === 'prices')).toBe(true);
    expect(requests(routed, 10)).toBe(2);
  });

  it('splits a few both-writes into prices and stocks when those chunks have room', () => {
    const ops = [...many(1, 'B', 'both'), ...many(4, 'P', 'price', 'price'), ...many(4, 'S', 'stock', 'stock')];
    const routed = chooseOfferEndpoints(ops, 10);
    expect(requests(routed, 10)).toBe(2);
    expect(routed.filter((r) => r.op.sku === 'B0').map((r) => r.endpoint).sort()).toEqual(['prices', 'stocks']);
  });

  it('reaches the lower bound ceil(SKUs / chunk) when every SKU can ride PRD104', () => {
    const ops = [...many(1200, 'B', 'both'), ...many(700, 'P', 'price', 'both'), ...many(600, 'S', 'stock', 'both')];
    expect(requests(chooseOfferEndpoints(ops, 1000), 1000)).toBe(3);
  });
});
