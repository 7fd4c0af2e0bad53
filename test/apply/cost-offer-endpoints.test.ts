/**
 * The offer endpoint choice behind both the plan's cost and apply's requests is the true
 * minimum: checked against an exhaustive search over every way to route small sets of writes.
 */
import { describe, expect, it } from 'vitest';
import { chooseOfferEndpoints } from '../../src/plan/writes/offer-endpoints.js';
import type { OfferOp } from '../../src/plan/writes/types.js';
import type { Decimal } from '../../src/model/decimal.js';

const price = { price: '10.00' as Decimal };
function ops(both: number, prices: number, pricesWithStock: number, stocks: number, stocksWithPrice: number): OfferOp[] {
  const out: OfferOp[] = [];
  const add = (sku: string, write: OfferOp['write'], managed: OfferOp['managed']) => out.push({ sku, afterCreate: false, write, managed });
  for (let i = 0; i < both; i++) add(`B${i}`, { sku: `B${i}`, ...price, stock: 1 }, { sku: `B${i}`, ...price, stock: 1 });
  for (let i = 0; i < prices; i++) {
    const sku = `P${i}`;
    add(sku, { sku, ...price }, i < pricesWithStock ? { sku, ...price, stock: 2 } : { sku, ...price });
  }
  for (let i = 0; i < stocks; i++) {
    const sku = `S${i}`;
    add(sku, { sku, stock: 3 }, i < stocksWithPrice ? { sku, ...price, stock: 3 } : { sku, stock: 3 });
  }
  return out;
}

/** Every routing: y both-writes split, xp price-only and xs stock-only writes moved into PRD104. */
function exhaustiveMinimum(b: number, p: number, pp: number, s: number, sp: number, size: number): number {
  const c = (n: number) => Math.ceil(n / size);
  let best = Number.POSITIVE_INFINITY;
  for (let y = 0; y <= b; y++)
    for (let xp = 0; xp <= pp; xp++)
      for (let xs = 0; xs <= sp; xs++) best = Math.min(best, c(b - y + xp + xs) + c(p + y - xp) + c(s + y - xs));
  return best;
}

function requestsOf(routed: ReturnType<typeof chooseOfferEndpoints>, size: number): number {
  const per: Record<string, number> = {};
  for (const r of routed) per[r.endpoint] = (per[r.endpoint] ?? 0) + 1;
  return Object.values(per).reduce((sum, n) => sum + Math.ceil(n / size), 0);
}

describe('offer endpoint choice', () => {
  it('reaches the exhaustive minimum for every small mix of writes', () => {
    const size = 4;
    let checked = 0;
    for (let b = 0; b <= 6; b++)
      for (let p = 0; p <= 6; p++)
        for (let pp = 0; pp <= p; pp++)
          for (let s = 0; s <= 6; s++)
            for (let sp = 0; sp <= s; sp++) {
              const routed = chooseOfferEndpoints(ops(b, p, pp, s, sp), size);
              expect(requestsOf(routed, size), `both ${b}, prices ${p}/${pp}, stocks ${s}/${sp}`).toBe(
                exhaustiveMinimum(b, p, pp, s, sp, size),
              );
              checked += 1;
            }
    expect(checked).toBe(7 * 28 * 28);
  });

  it('routes every write completely, never inventing a value the repository does not manage', () => {
    const input = ops(5, 3, 2, 9, 4);
    const routed = chooseOfferEndpoints(input, 4);
    for (const op of input) {
      const items = routed.filter((r) => r.op === op).map((r) => r.item);
      const sent = Object.assign({}, ...items) as Record<string, unknown>;
      // Every field that must be written is sent, with its value.
      expect(sent).toMatchObject(op.write);
      // Anything extra is the managed value of that SKU.
      for (const [key, value] of Object.entries(sent)) expect((op.managed as unknown as Record<string, unknown>)[key]).toEqual(value);
      for (const r of routed.filter((x) => x.op === op)) {
        if (r.endpoint === 'prices-and-stocks') expect(r.item).toMatchObject({ price: expect.anything(), stock: expect.anything() });
        if (r.endpoint === 'prices') expect(r.item.stock).toBeUndefined();
        if (r.endpoint === 'stocks') expect(r.item.price).toBeUndefined();
      }
    }
  });

  it('splits only some both-writes when that empties a partly filled PRD104 chunk', () => {
    // 5 both-writes in chunks of 4, with 2 price-only and 2 stock-only: splitting one of them
    // leaves one full PRD104 chunk and fills PRD105 and PRD106 to 3 each: 3 requests, not 4.
    const routed = chooseOfferEndpoints(ops(5, 2, 0, 2, 0), 4);
    expect(requestsOf(routed, 4)).toBe(3);
    expect(routed.filter((r) => r.endpoint === 'prices-and-stocks')).toHaveLength(4);
  });
});
