/**
 * Against the sandbox: the writes `plan` announces are the writes `apply` sends, endpoint by
 * endpoint, for a catalog mixing creates with price and stock updates of existing SKUs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, TSHIRTS, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const COLORS = ['Red', 'Black', 'White', 'Blue'];
const SIZES = ['XS', 'S', 'M', 'L'];
/** TEE-000…003 as `tshirtCatalog` describes them, with the given offer values. */
const existing = (i: number, price: string, stock: number) => ({
  sku: `TEE-00${i}`,
  name: `Tee ${i}`,
  base_code: 'TEE-BASE',
  category: TSHIRTS,
  attributes: { COLOR: COLORS[i]!, SIZE: SIZES[i]! },
  price,
  stock,
});

/** A SKU whose stock the repository manages and whose price it leaves alone. */
const STOCK_ONLY_YAML = `products:
  - sku: TEE-STK
    base_code: TEE-BASE
    name: Tee stock
    category: ${TSHIRTS}
    attributes: {COLOR: Red, SIZE: XL}
    stock: 7
`;

/** Write requests (every POST or DELETE under i2/products except status checks) per endpoint, from the sandbox's log. */
function writesInLog(since: number): Record<string, number> {
  const kinds: Record<string, string> = {
    'POST /api/i2/products/': 'products',
    'POST /api/i2/products/prices-and-stocks/': 'prices-and-stocks',
    'POST /api/i2/products/prices/': 'prices',
    'POST /api/i2/products/stocks/': 'stocks',
    'DELETE /api/i2/products/': 'delete',
  };
  const counts: Record<string, number> = {};
  for (const e of sb.sandbox.requestLog().slice(since)) {
    const kind = kinds[`${e.method} ${e.path.split('?')[0]}`];
    if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

describe('plan cost against apply traffic', () => {
  it('announces exactly the write requests apply then sends, and one status check per batch', async () => {
    sb.sandbox.reset();
    sb.sandbox.seed({
      products: [
        existing(0, '99.00', 1), // price changes (its stock is managed: it can ride PRD104)
        existing(1, '101.90', 50), // stock changes (its price is managed)
        existing(2, '60.00', 0), // both change (a rise within guards.price_rise)
        existing(3, '103.90', 4), // unchanged
        { sku: 'TEE-STK', name: 'Tee stock', base_code: 'TEE-BASE', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'XL' }, price: '5.00', stock: 1 },
      ],
    });
    // TEE-004…007 are created.
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(8), 'catalog/stock-only.yaml': STOCK_ONLY_YAML });

    const planned = recordingIO(root, sb.env);
    expect(await runPlan({ dir: '.', json: true, target: [] }, planned)).toBe(0);
    const doc = JSON.parse(planned.out()) as { summary: unknown; cost: { writes: Record<string, number>; minimum_status_checks: number }[] };
    expect(doc.summary).toEqual({ add: 4, change: 4, destroy: 0, unchanged: 1 });
    const cost = doc.cost[0]!;
    // One PRD101 for the creates; the creates' offers, the three price/stock updates with both
    // halves managed in one PRD104; TEE-STK (no managed price) alone in PRD106.
    expect(cost.writes).toEqual({ products: 1, 'prices-and-stocks': 1, stocks: 1 });

    const since = sb.sandbox.requestLog().length;
    const applied = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, json: true, target: [] }, applied)).toBe(0);
    expect(writesInLog(since)).toEqual(cost.writes);
    // The sandbox finishes batches before the first look, so the minimum is what was spent.
    const polls = sb.sandbox.requestLog().slice(since).filter((e) => e.path.startsWith('/api/i2/products/batch-requests/'));
    expect(polls.length).toBe(cost.minimum_status_checks);

    const state = sb.sandbox.dumpState().products as { sku: string; price?: string; stock?: number }[];
    expect(state.find((p) => p.sku === 'TEE-000')).toMatchObject({ price: '100.90', stock: 1 });
    expect(state.find((p) => p.sku === 'TEE-STK')).toMatchObject({ price: '5.00', stock: 7 });
  });
});
