import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { checkOfferGuards, formatPercent, priceJumps, stockZeroing } from '../../src/plan/guards-offers.js';
import { DEFAULT_GUARDS } from '../../src/model/settings.js';
import { catalog, dec, desired, remoteOf } from './build.js';

const at = (line: number) => ({ file: 'catalog/prices.yaml', line, column: 3 });

/** One SKU priced `before` remotely and `after` in the catalog (and a retail price likewise, when given). */
function priced(sku: string, before: string, after: string, line = 1) {
  const d = desired(sku, { price: dec(after), fieldSources: { price: at(line) } });
  return { d, r: remoteOf(d, { price: dec(before) }) };
}

function planOf(pairs: { d: ReturnType<typeof desired>; r: ReturnType<typeof remoteOf> }[], s = {}) {
  const c = catalog(pairs.map((p) => p.d), s);
  const remote = pairs.map((p) => p.r);
  return { c, remote, plan: diffCatalog(c, remote) };
}

describe('price guards', () => {
  it('refuses a 95% cut and a 10x rise, one error per SKU on its price line, and lets a 10% cut through', () => {
    const { c, remote, plan } = planOf([priced('AKN-1', '19.90', '0.99', 4), priced('AKN-2', '10.00', '100.00', 9), priced('AKN-3', '100.00', '90.00', 14)]);
    const diags = checkOfferGuards(plan, c.settings, remote, {});
    expect(diags.map((d) => [d.code, d.sku, d.source?.line])).toEqual([
      ['price-drop-guard', 'AKN-1', 4],
      ['price-rise-guard', 'AKN-2', 9],
    ]);
    expect(diags[0]!.summary).toBe('AKN-1: price 19.90 → 0.99 (-95%) is over guards.price_drop 50%');
    expect(diags[1]!.summary).toBe('AKN-2: price 10.00 → 100.00 (+900%) is over guards.price_rise 100%');
    expect(diags[0]!.detail).toContain('--allow-price-change');
  });

  it('compares exactly: a cut of exactly the limit passes, one cent more fails', () => {
    const { plan } = planOf([priced('A-1', '100.00', '50.00'), priced('A-2', '100.00', '49.99'), priced('A-3', '1.00', '2.00'), priced('A-4', '1.00', '2.01')]);
    expect(priceJumps(plan, DEFAULT_GUARDS).map((j) => j.sku)).toEqual(['A-2', 'A-4']);
  });

  it('guards the retail price too, and uses the limits of shelf.yaml', () => {
    const d = desired('R-1', { price: dec('80.00'), retail_price: dec('30.00') });
    const r = remoteOf(d, { price: dec('100.00'), retail_price: dec('100.00') });
    const { plan } = planOf([{ d, r }]);
    expect(priceJumps(plan, DEFAULT_GUARDS).map((j) => j.field)).toEqual(['retail_price']);
    expect(priceJumps(plan, { ...DEFAULT_GUARDS, priceDrop: 10 }).map((j) => j.field)).toEqual(['price', 'retail_price']);
  });

  it('has nothing to compare for a new SKU or a remote price the API did not return', () => {
    const created = desired('N-1', { price: dec('1.00') });
    const unknown = desired('U-1', { price: dec('1.00') });
    const { plan } = planOf([{ d: unknown, r: remoteOf(unknown, { price: undefined }) }]);
    const withCreate = diffCatalog(catalog([created]), []);
    expect(priceJumps(plan, DEFAULT_GUARDS)).toEqual([]);
    expect(priceJumps(withCreate, DEFAULT_GUARDS)).toEqual([]);
  });

  it('with --allow-price-change: one warning listing what goes ahead, no error', () => {
    const { c, remote, plan } = planOf([priced('AKN-1', '19.90', '1.99')]);
    const diags = checkOfferGuards(plan, c.settings, remote, { allowPriceChange: true });
    expect(diags.map((d) => [d.severity, d.code])).toEqual([['warning', 'price-guard-lifted']]);
    expect(diags[0]!.detail).toBe('AKN-1: price 19.90 → 1.99 (-90%)');
  });
});

function stocked(n: number, zeroed: number) {
  return Array.from({ length: n }, (_, i) => {
    const sku = `S-${String(i).padStart(3, '0')}`;
    const d = desired(sku, { stock: i < zeroed ? 0 : 5, fieldSources: { stock: { file: 'catalog/stocks.yaml', line: i + 2, column: 3 } } });
    return { d, r: remoteOf(d, { stock: 5 }) };
  });
}

describe('stock guard', () => {
  it('refuses 30 of 100 in-stock SKUs set to 0 (over 25%), naming every SKU, at the first zeroed line', () => {
    const { c, remote, plan } = planOf(stocked(100, 30));
    const diags = checkOfferGuards(plan, c.settings, remote, {});
    expect(diags.map((d) => d.code)).toEqual(['stock-zeroed-guard']);
    expect(diags[0]!.summary).toBe('The plan sets 30 of 100 in-stock SKUs to stock 0 (30%), over guards.stock_zeroed 25%');
    for (let i = 0; i < 30; i++) expect(diags[0]!.detail).toContain(`S-${String(i).padStart(3, '0')} (stock 5 → 0)`);
    expect(diags[0]!.detail).not.toContain('S-030');
    expect(diags[0]!.detail).not.toContain('\n');
    expect(diags[0]!.source).toEqual({ file: 'catalog/stocks.yaml', line: 2, column: 3 });
    expect(checkOfferGuards(plan, c.settings, remote, { allowStockChange: true }).map((d) => d.code)).toEqual(['stock-guard-lifted']);
  });

  it('never fails under 10 zeroed SKUs, and counts only SKUs in stock remotely', () => {
    const small = planOf(stocked(20, 9));
    expect(checkOfferGuards(small.plan, small.c.settings, small.remote, {})).toEqual([]);
    const exact = planOf(stocked(40, 10));
    expect(stockZeroing(exact.plan, exact.remote)).toMatchObject({ inStock: 40 });
    expect(checkOfferGuards(exact.plan, exact.c.settings, exact.remote, {})).toEqual([]); // 25% is not over 25%
    const over = planOf(stocked(39, 10));
    expect(checkOfferGuards(over.plan, over.c.settings, over.remote, {}).map((d) => d.code)).toEqual(['stock-zeroed-guard']);
  });

  it('formats percentages with at most one decimal', () => {
    expect([formatPercent(90), formatPercent(12.5), formatPercent(33.333)]).toEqual(['90%', '12.5%', '33.3%']);
  });
});
