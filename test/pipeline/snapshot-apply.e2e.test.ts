/**
 * Apply and the snapshot: apply plans from the snapshot (plus the changes), a saved plan is
 * checked for staleness by the incremental read when that is cheaper than per-SKU reads, and
 * the re-plan right after an apply reads only what the apply wrote — its deletions included,
 * which apply takes out of the snapshot itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { importCatalog } from '../../src/pipeline/import-run.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { oldScope, productReads, scenarioCatalog, SNAPSHOT_SHELF_YAML, steerableClock, TSHIRTS, twinRepos } from './snapshot-fixtures.js';

const SCOPE = 30;
const PAGE = 5;
const clock = steerableClock();
let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: clock.now, rateLimits: { products: null, categories: null }, variants: { pageSizeCap: PAGE } });
});
afterAll(async () => {
  await sb.close();
  removeRepos();
});

function fresh(): string {
  sb.sandbox.reset();
  sb.sandbox.seed({ products: oldScope(SCOPE, clock.now()) });
  return twinRepos(scenarioCatalog(SCOPE)).incremental;
}

const planJson = async (dir: string, extra: { out?: string } = {}) => {
  const io = recordingIO(dir, sb.env);
  const code = await runPlan({ dir: '.', json: true, target: [], ...extra }, io);
  return { code, plan: JSON.parse(io.out()) as { summary: Record<string, number> }, err: io.err() };
};

const apply = async (dir: string, path = '.') => {
  const io = recordingIO(dir, sb.env);
  const code = await runApply({ path, autoApprove: true, json: true, target: [] }, io);
  return { code, out: io.out(), err: io.err() };
};

const writesIn = (since: number) =>
  sb.sandbox
    .requestLog()
    .slice(since)
    .filter((e) => e.method !== 'GET' && e.path.startsWith('/api/i2/products')).length;

describe('apply with a snapshot', () => {
  it('plans from the snapshot, and the clean re-plan after it reads only what it wrote (≤ 2 × ⌈written ÷ page⌉ + 4)', async () => {
    const root = fresh();
    expect((await planJson(root)).code).toBe(0);
    clock.advance(2_000);

    let since = sb.sandbox.requestLog().length;
    const applied = await apply(root);
    expect(applied.code, applied.err).toBe(0);
    const applyReads = productReads(sb, since);
    // The planning read of apply is incremental: nothing changed since plan, so 2 pages of changes and 2 counts.
    expect(applyReads.changes).toBe(2);
    expect(applyReads.counts).toBe(2);
    expect(applied.err).not.toMatch(/reading the whole scope/);

    clock.advance(2_000);
    since = sb.sandbox.requestLog().length;
    const replan = await planJson(root);
    expect(replan.code).toBe(0);
    expect(replan.plan.summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
    // Written: TEE-002 (price), TEE-900 (created); TEE-003 deleted, which apply took out of the snapshot.
    const written = 3;
    const reads = productReads(sb, since);
    expect(replan.err).not.toMatch(/reading the whole scope/);
    expect(reads.total).toBeLessThanOrEqual(2 * Math.ceil(written / PAGE) + 4);
    expect(reads).toEqual({ total: 4, changes: 2, counts: 2 });
  });

  it('apply PLANFILE checks staleness with the incremental read when per-SKU reads would cost more, and still refuses a stale plan', async () => {
    const root = fresh();
    const many = `${scenarioCatalog(SCOPE).replace(/price: "10\.00"/g, 'price: "10.50"')}`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${root}/catalog/tees.yaml`, many);
    expect((await planJson(root, { out: 'reviewed.plan' })).code).toBe(0);
    clock.advance(2_000);

    // Another user edits a SKU the plan updates: the incremental read sees it, per-SKU reads are never made.
    sb.sandbox.mutateProduct('TEE-004', { stock: 1 });
    let since = sb.sandbox.requestLog().length;
    const stale = await apply(root, 'reviewed.plan');
    expect(stale.code).toBe(1);
    expect(stale.err + stale.out).toMatch(/TEE-004/);
    expect(writesIn(since)).toBe(0);
    const reads = productReads(sb, since);
    expect(reads).toEqual({ total: 4, changes: 2, counts: 2 });

    // A plan made now is not stale: the same cheap check, then the writes.
    clock.advance(2_000);
    expect((await planJson(root, { out: 'reviewed.plan' })).code).toBe(0);
    clock.advance(2_000);
    since = sb.sandbox.requestLog().length;
    const done = await apply(root, 'reviewed.plan');
    expect(done.code, done.err).toBe(0);
    const firstWrite = sb.sandbox.requestLog().slice(since).findIndex((e) => e.method !== 'GET');
    const readsBeforeWrites = productReads(sb, since);
    expect(firstWrite).toBeGreaterThan(0);
    expect(sb.sandbox.requestLog().slice(since, since + firstWrite).some((e) => /[?&]sku=/.test(e.path))).toBe(false);
    expect(readsBeforeWrites.changes).toBeGreaterThanOrEqual(2);
  });

  it('import leaves a snapshot: the plan after it reads only the changes', async () => {
    sb.sandbox.reset();
    sb.sandbox.seed({ products: oldScope(SCOPE, clock.now()) });
    const root = makeRepo({ 'shelf.yaml': SNAPSHOT_SHELF_YAML });
    const imported = await importCatalog(
      { root, skuPrefixes: [], categories: [], feeds: false, force: false },
      { env: sb.env, warn: () => undefined },
    );
    expect(imported.skus).toBe(SCOPE);
    clock.advance(2_000);
    sb.sandbox.mutateProduct('TEE-012', { stock: 9 });
    const since = sb.sandbox.requestLog().length;
    const replan = await planJson(root);
    expect(replan.plan.summary).toMatchObject({ change: 1 });
    expect(productReads(sb, since)).toEqual({ total: 4, changes: 2, counts: 2 });
  });

  it('a scope of one page per listing is read in full: that costs no more than reading its changes', async () => {
    sb.sandbox.reset();
    sb.sandbox.setVariants({ pageSizeCap: undefined });
    sb.sandbox.seed({ products: oldScope(3, clock.now()) });
    const root = twinRepos(`products:\n  - {sku: TEE-001, base_code: TEE, name: Tee 1, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}}\n`).incremental;
    await planJson(root);
    const since = sb.sandbox.requestLog().length;
    await planJson(root);
    expect(productReads(sb, since)).toEqual({ total: 2, changes: 0, counts: 0 });
    sb.sandbox.setVariants({ pageSizeCap: PAGE });
  });
});
