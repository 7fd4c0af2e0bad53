import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, TSHIRTS } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const seeded = (sku: string, price: string, stock: number) => ({
  sku,
  name: `Tee ${sku}`,
  base_code: 'TEE-BASE',
  category: TSHIRTS,
  attributes: { COLOR: 'Red', SIZE: 'M' },
  images: [],
  videos: [],
  price,
  stock,
});
const catalog = (entries: { sku: string; price: string; stock: number }[]) =>
  `products:\n${entries
    .map(
      (e) =>
        `  - {sku: ${e.sku}, base_code: TEE-BASE, name: Tee ${e.sku}, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, images: [], videos: [], price: "${e.price}", stock: ${e.stock}}`,
    )
    .join('\n')}\n`;

describe('shelf apply PLANFILE', () => {
  it('refuses a plan whose records changed remotely since, naming them, and writes nothing', async () => {
    sb.sandbox.reset();
    sb.sandbox.seed({ products: [seeded('TEE-A', '10.00', 1), seeded('TEE-B', '10.00', 1), seeded('TEE-C', '10.00', 1)] });
    const root = makeRepo({
      'shelf.yaml': SHELF_YAML,
      'catalog/tees.yaml': catalog([
        { sku: 'TEE-A', price: '12.00', stock: 1 },
        { sku: 'TEE-B', price: '12.00', stock: 1 },
        { sku: 'TEE-C', price: '10.00', stock: 1 },
      ]),
    });
    const planIO = recordingIO(root, sb.env);
    expect(await runPlan({ dir: '.', out: 'reviewed.plan', target: [] }, planIO)).toBe(0);
    // Someone else changes TEE-B's stock between review and apply.
    sb.sandbox.mutateProduct('TEE-B', { stock: 7 });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: 'reviewed.plan', autoApprove: true, json: true, target: [] }, io)).toBe(1);
    expect(io.err()).toContain('stale');
    const doc = JSON.parse(io.out());
    expect(doc.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 });
    expect(doc.errors.map((e: { sku: string | null }) => e.sku)).toContain('TEE-B');
    expect(io.err()).toContain('TEE-B changed remotely after the plan was made: stock 1 → 7');
    expect(io.err()).not.toContain('TEE-A changed');
    const after = sb.sandbox.requestLog().slice(since);
    expect(after.filter((e) => e.method !== 'GET')).toEqual([]);
    // Only the SKUs the plan touches were read again (filtered reads), not the whole scope.
    expect(after.every((e) => !e.path.startsWith('/api/i2/products/?') || /[?&]sku=TEE-[AB]/.test(e.path))).toBe(true);
  });

  it('re-applying a plan that was applied says so, instead of "changed remotely"', async () => {
    sb.sandbox.reset();
    sb.sandbox.seed({ products: [seeded('TEE-A', '10.00', 1)] });
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': catalog([{ sku: 'TEE-A', price: '12.00', stock: 1 }]) });
    expect(await runPlan({ dir: '.', out: 'p.plan', target: [] }, recordingIO(root, sb.env))).toBe(0);
    expect(await runApply({ path: 'p.plan', autoApprove: true, target: [] }, recordingIO(root, sb.env))).toBe(0);
    const again = recordingIO(root, sb.env);
    expect(await runApply({ path: 'p.plan', autoApprove: true, target: [] }, again)).toBe(1);
    expect(again.err()).toContain('This plan was already applied');
    expect(again.err()).not.toContain('changed remotely');
  });

  it('applies exactly the saved plan when nothing changed since', async () => {
    sb.sandbox.reset();
    sb.sandbox.seed({ products: [seeded('TEE-A', '10.00', 1), seeded('TEE-B', '10.00', 1)] });
    const root = makeRepo({
      'shelf.yaml': SHELF_YAML,
      'catalog/tees.yaml': catalog([
        { sku: 'TEE-A', price: '12.00', stock: 1 },
        { sku: 'TEE-B', price: '10.00', stock: 5 },
      ]),
    });
    expect(await runPlan({ dir: '.', out: join(root, 'p.plan'), target: [] }, recordingIO(root, sb.env))).toBe(0);
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: 'p.plan', autoApprove: true, target: [] }, io)).toBe(0);
    expect(io.out()).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    // A price-only and a stock-only change, both with managed price and stock: one PRD104 request.
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/', since)).toBe(1);
    expect(sb.count('POST', '/api/i2/products/', since)).toBe(0);
    const products = sb.sandbox.dumpState().products as { sku: string; price?: string; stock?: number }[];
    expect(products.map((p) => [p.sku, p.price, p.stock])).toEqual([
      ['TEE-A', '12.00', 1],
      ['TEE-B', '10.00', 5],
    ]);
  });
});
