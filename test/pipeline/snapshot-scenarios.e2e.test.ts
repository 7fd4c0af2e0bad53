/**
 * Incremental reads against the sandbox: after each remote event, the plan read from the
 * snapshot plus the changes is exactly the plan of a full read (`--full-read`, in a twin
 * repository), and the requests are counted: reading 1 page of changes per listing costs
 * 2 × ⌈changed ÷ page size⌉ + 2 product requests, never the whole scope.
 */
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/commands/plan.js';
import { snapshotPath } from '../../src/remote/snapshot-file.js';
import { scopeKey, scopeListings } from '../../src/pipeline/scope-listings.js';
import { scopeFilters } from '../../src/pipeline/read-remote.js';
import { recordingIO } from '../support/recording-io.js';
import { removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { deleteRemotely, oldScope, productReads, scenarioCatalog, steerableClock, tee, twinRepos } from './snapshot-fixtures.js';

const SCOPE = 30;
/** The sandbox serves 5 per page: a full read of the scope takes 6 + 1 pages, more than an incremental read. */
const PAGE = 5;

const clock = steerableClock();
let sb: RunningSandbox;
let other: RunningSandbox;
beforeAll(async () => {
  const options = { now: clock.now, rateLimits: { products: null, categories: null }, variants: { pageSizeCap: PAGE } };
  sb = await startSandbox(options);
  other = await startSandbox(options);
});
afterAll(async () => {
  await sb.close();
  await other.close();
  removeRepos();
});

async function plan(dir: string, env: Record<string, string>, ...flags: ('full')[]) {
  const io = recordingIO(dir, env);
  const code = await runPlan({ dir: '.', json: true, target: [], ...(flags.includes('full') ? { fullRead: true } : {}) }, io);
  return { code, out: io.out(), err: io.err() };
}

let repos: { incremental: string; full: string };

/** A fresh scope on `target`, and a first plan that leaves the snapshot. */
async function start(target: RunningSandbox = sb): Promise<void> {
  clock.run();
  target.sandbox.reset();
  target.sandbox.setClock({ skewMs: 0, wholeSeconds: false });
  target.sandbox.seed({ products: oldScope(SCOPE, clock.now()) });
  repos = twinRepos(scenarioCatalog(SCOPE));
  const first = await plan(repos.incremental, target.env);
  expect(first.code, first.err).toBe(0);
  clock.advance(2_000);
}

/** Plans both twins; the incremental one's plan must be the full read's, byte for byte. */
async function planBoth(target: RunningSandbox = sb) {
  const since = target.sandbox.requestLog().length;
  const incremental = await plan(repos.incremental, target.env);
  const reads = productReads(target, since);
  const full = await plan(repos.full, target.env, 'full');
  expect(incremental.code, incremental.err).toBe(0);
  expect(full.code, full.err).toBe(0);
  expect(JSON.parse(incremental.out)).toEqual(JSON.parse(full.out));
  return { reads, err: incremental.err, plan: JSON.parse(incremental.out) as { resource_changes: { sku: string; action: string }[] } };
}

describe('plan from the snapshot plus the changes gives the full read’s plan', () => {
  beforeEach(() => clock.run());

  it('remote edits: reads one page of changes and one count per listing (4 product requests, not 7)', async () => {
    await start();
    sb.sandbox.mutateProduct('TEE-005', { price: '11.00' });
    sb.sandbox.mutateProduct('TEE-006', { name: 'Renamed' });
    const { reads, err, plan: shown } = await planBoth();
    expect(err).not.toMatch(/reading the whole scope/);
    expect(reads).toEqual({ total: 4, changes: 2, counts: 2 });
    expect(shown.resource_changes.map((c) => `${c.action} ${c.sku}`)).toEqual(
      expect.arrayContaining(['update TEE-002', 'delete TEE-003', 'update TEE-005', 'update TEE-006', 'create TEE-900']),
    );
  });

  it('a remote deletion hidden by an unrelated creation: the count of unchanged records differs, so it reads in full and says so', async () => {
    await start();
    await deleteRemotely(sb, clock, ['TEE-010']);
    sb.sandbox.seed({ products: [tee(950)] });
    const { err, plan: shown } = await planBoth();
    expect(err).toMatch(/reading the whole scope: 29 approved products are unchanged since the snapshot where 30 were expected/);
    expect(err.split('\n').filter((line) => line.includes('reading the whole scope'))).toHaveLength(1);
    expect(shown.resource_changes.map((c) => `${c.action} ${c.sku}`)).toEqual(expect.arrayContaining(['create TEE-010', 'delete TEE-950']));
  });

  it('approval of a pending product moves it between listings without a full read', async () => {
    clock.run();
    sb.sandbox.reset();
    const stamp = new Date(clock.now() - 3_600_000).toISOString();
    sb.sandbox.seed({ products: [...oldScope(SCOPE, clock.now()), tee(900, { approved: false, created_at: stamp, updated_at: stamp })] });
    repos = twinRepos(scenarioCatalog(SCOPE));
    await plan(repos.incremental, sb.env);
    clock.advance(2_000);
    sb.sandbox.mutateProduct('TEE-900', { approved: true });
    const { reads, err } = await planBoth();
    expect(err).not.toMatch(/reading the whole scope/);
    expect(reads.changes).toBe(2);
  });

  it('a server clock two hours behind the client’s', async () => {
    clock.run();
    sb.sandbox.reset();
    sb.sandbox.setClock({ skewMs: -2 * 3_600_000 });
    const serverNow = clock.now() - 2 * 3_600_000;
    sb.sandbox.seed({ products: oldScope(SCOPE, serverNow) });
    repos = twinRepos(scenarioCatalog(SCOPE));
    await plan(repos.incremental, sb.env);
    clock.advance(2_000);
    sb.sandbox.mutateProduct('TEE-007', { stock: 0 });
    const { reads, err, plan: shown } = await planBoth();
    expect(err).not.toMatch(/reading the whole scope/);
    expect(reads.total).toBe(4);
    expect(shown.resource_changes.map((c) => c.sku)).toContain('TEE-007');
    sb.sandbox.setClock({ skewMs: 0 });
  });

  it('whole-second stamps, with an edit in the same second as the snapshot', async () => {
    clock.run();
    sb.sandbox.reset();
    sb.sandbox.setClock({ wholeSeconds: true });
    sb.sandbox.seed({ products: oldScope(SCOPE, clock.now()) });
    repos = twinRepos(scenarioCatalog(SCOPE));
    clock.freeze();
    await plan(repos.incremental, sb.env);
    // Same server second as the snapshot's Date: only `__gte` (not `__gt`) finds it.
    clock.advance(1);
    sb.sandbox.mutateProduct('TEE-008', { price: '13.00' });
    const { err, plan: shown } = await planBoth();
    expect(err).not.toMatch(/reading the whole scope/);
    expect(shown.resource_changes.map((c) => c.sku)).toContain('TEE-008');
    clock.run();
    sb.sandbox.setClock({ wholeSeconds: false });
  });

  it('a corrupt snapshot: reads in full and says so in one line', async () => {
    await start();
    const dir = join(repos.incremental, '.shelf', 'snapshots');
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), 'not gzip');
    sb.sandbox.mutateProduct('TEE-009', { price: '14.00' });
    const { err } = await planBoth();
    expect(err.split('\n').filter((line) => line.startsWith('Warning:'))).toEqual(['Warning: reading the whole scope: the snapshot is corrupt']);
  });

  it('a snapshot from another origin, found where this origin’s should be: reads in full', async () => {
    await start(other);
    const key = scopeKey(scopeListings(scopeFilters({ skuPrefixes: ['TEE-'], categories: [] })));
    const foreign = snapshotPath(repos.incremental, new URL(other.url).origin, key);
    copyFileSync(foreign, snapshotPath(repos.incremental, new URL(sb.url).origin, key));
    sb.sandbox.reset();
    sb.sandbox.seed({ products: oldScope(SCOPE, clock.now()) });
    sb.sandbox.mutateProduct('TEE-011', { price: '15.00' });
    const { err } = await planBoth();
    expect(err).toMatch(/reading the whole scope: the snapshot was made against another API origin \(http:\/\/127\.0\.0\.1:\d+\)/);
  });

  it('--full-read reads the whole scope even with a trustworthy snapshot', async () => {
    await start();
    const since = sb.sandbox.requestLog().length;
    const full = await plan(repos.incremental, sb.env, 'full');
    expect(full.code).toBe(0);
    expect(productReads(sb, since)).toEqual({ total: 7, changes: 0, counts: 0 });
  });
});
