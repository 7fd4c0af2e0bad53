/**
 * What the snapshot tests share: a server clock the test can freeze and move, a scope of
 * products stamped long before the test starts (outside any read overlap), a catalog that
 * differs from it in every way a plan can show, and two repositories with that same catalog:
 * one that keeps its snapshot (incremental reads) and one that always reads in full.
 */
import type { SeedProduct } from '../../src/sandbox/index.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, TOKEN } from '../support/sandbox-harness.js';

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';

/** Real time moved by `offset`, or stopped at `frozen` (a server whose clock the test steps). */
export function steerableClock(start = Date.now()) {
  const state = { offset: start - Date.now(), frozen: undefined as number | undefined };
  return {
    now: () => state.frozen ?? Date.now() + state.offset,
    freeze() {
      state.frozen = Date.now() + state.offset;
    },
    advance(ms: number) {
      if (state.frozen !== undefined) state.frozen += ms;
      else state.offset += ms;
    },
    run() {
      if (state.frozen !== undefined) state.offset = state.frozen - Date.now();
      state.frozen = undefined;
    },
  };
}

export function tee(n: number, over: Partial<SeedProduct> = {}): SeedProduct {
  const sku = `TEE-${String(n).padStart(3, '0')}`;
  return {
    sku,
    name: `Tee ${n}`,
    base_code: 'TEE',
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: 'M' },
    price: '10.00',
    stock: 5,
    ...over,
  };
}

/** `count` products stamped an hour before `serverNow`. */
export function oldScope(count: number, serverNow: number): SeedProduct[] {
  const stamp = new Date(serverNow - 3_600_000).toISOString();
  return Array.from({ length: count }, (_, i) => tee(i + 1, { created_at: stamp, updated_at: stamp }));
}

/** Fast pacing (the sandbox under test has no quota) and pruning, so deletions show in plans. */
export const SNAPSHOT_SHELF_YAML =
  'seller_center:\n  rate_limits:\n    products: 1000/1000ms\n    categories: 1000/1000ms\n' +
  'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n';

/**
 * The catalog of the scenarios: TEE-001..count as seeded, except TEE-002 (a new price) and
 * TEE-003 (missing: pruned), plus TEE-900 (created).
 */
export function scenarioCatalog(count: number): string {
  const lines = ['products:'];
  for (let n = 1; n <= count; n++) {
    if (n === 3) continue;
    const price = n === 2 ? '12.00' : '10.00';
    lines.push(`  - {sku: TEE-${String(n).padStart(3, '0')}, base_code: TEE, name: Tee ${n}, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, price: "${price}", stock: 5}`);
  }
  lines.push(`  - {sku: TEE-900, base_code: TEE, name: Tee 900, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, price: "10.00", stock: 5}`);
  return `${lines.join('\n')}\n`;
}

/** Two repositories with the same catalog: `incremental` keeps its snapshot, `full` is read with --full-read. */
export function twinRepos(catalog: string): { incremental: string; full: string } {
  const files = { 'shelf.yaml': SNAPSHOT_SHELF_YAML, 'catalog/tees.yaml': catalog };
  return { incremental: makeRepo(files), full: makeRepo(files) };
}

/** Deletes SKUs through the API (as another integration would) and lets the batch finish. */
export async function deleteRemotely(sb: RunningSandbox, clock: ReturnType<typeof steerableClock>, skus: string[]): Promise<void> {
  const res = await fetch(`${sb.url}/i2/products/`, {
    method: 'DELETE',
    headers: { authorization: TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify(skus.map((sku) => ({ sku }))),
  });
  if (res.status !== 202) throw new Error(`delete answered ${res.status}`);
  clock.advance(10_000);
  sb.sandbox.dumpState();
}

/** Product requests in the sandbox log from `since` on, and those among them that read changes. */
export function productReads(sb: RunningSandbox, since: number): { total: number; changes: number; counts: number } {
  const reads = sb.sandbox
    .requestLog()
    .slice(since)
    .filter((e) => e.method === 'GET' && e.path.startsWith('/api/i2/products/?'));
  return {
    total: reads.length,
    changes: reads.filter((e) => e.path.includes('updated_at__gte')).length,
    counts: reads.filter((e) => e.path.includes('updated_at__lt')).length,
  };
}
