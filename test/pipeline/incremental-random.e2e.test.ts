/**
 * Incremental reads against full reads on randomized edit sequences: 240 steps of edits,
 * creations, deletions, approvals, moves out of and back into the scope and edits outside it,
 * in the same second or far apart (whole-second stamps, a 1 s overlap: the tightest the reads
 * allow), with a read every few steps. After every read, the catalog read from the snapshot
 * plus the changes must equal a full read's, record for record. The PRNG is seeded: a failure
 * names its seed and step, and reproduces.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import type { RemoteProduct } from '../../src/model/product.js';
import type { Settings } from '../../src/model/settings.js';
import { scopeFilters } from '../../src/pipeline/read-remote.js';
import { mergeListings, scopeKey, scopeListings } from '../../src/pipeline/scope-listings.js';
import { readScopeWithSnapshot } from '../../src/pipeline/snapshot-read.js';
import { changesPath } from '../../src/remote/snapshot-changes.js';
import { loadSnapshot, snapshotPath } from '../../src/remote/snapshot-file.js';
import type { SeedProduct } from '../../src/sandbox/index.js';
import { makeClient } from '../remote/helpers.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { HOODIES, steerableClock, TSHIRTS } from './snapshot-fixtures.js';

const SNEAKERS = '9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d';
const STEPS = 240;

/** mulberry32: small, seeded, good enough to pick edits. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clock = steerableClock();
let sb: RunningSandbox;
beforeAll(async () => {
  clock.freeze();
  sb = await startSandbox({
    now: clock.now,
    rateLimits: { products: null, categories: null },
    variants: { pageSizeCap: 8, wholeSecondStamps: true },
  });
});
afterAll(async () => {
  await sb.close();
  removeRepos();
});

function bySku(records: readonly RemoteProduct[]): Record<string, RemoteProduct> {
  return Object.fromEntries([...records].sort((a, b) => (a.sku < b.sku ? -1 : 1)).map((p) => [p.sku, p]));
}

async function deleteRemotely(sku: string): Promise<void> {
  const res = await fetch(`${sb.url}/i2/products/`, {
    method: 'DELETE',
    headers: { authorization: TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify([{ sku }]),
  });
  expect(res.status).toBe(202);
}

describe('incremental reads on randomized edit sequences', () => {
  it.each([1, 2])('finds no difference with a full read (seed %i)', async (seed) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    sb.sandbox.reset();
    const stamp = new Date(clock.now() - 3_600_000).toISOString();
    const product = (sku: string, over: Partial<SeedProduct> = {}): SeedProduct => ({
      sku,
      name: `P ${sku}`,
      base_code: 'P',
      category: pick([TSHIRTS, HOODIES]),
      attributes: { COLOR: 'Red' },
      price: '10.00',
      stock: 1,
      ...over,
    });
    let next = 0;
    const initial = Array.from({ length: 40 }, () => product(`R-${next++}`, { created_at: stamp, updated_at: stamp }));
    sb.sandbox.seed({ products: [...initial, product('X-1'), product('X-2')] });

    const yaml = `scope:\n  sku_prefixes: ["R-"]\n  categories: ["${TSHIRTS}", "${HOODIES}"]\n`;
    const incrementalRoot = makeRepo({ 'shelf.yaml': yaml });
    const fullRoot = makeRepo({ 'shelf.yaml': yaml });
    const settings: Settings = (await loadSettings(incrementalRoot)).settings;
    const filters = scopeFilters(settings.scope);
    const { client } = makeClient({}, { baseUrl: sb.url, token: TOKEN });
    const origin = new URL(sb.url).origin;
    const notices: string[] = [];
    let reads = 0;
    let incremental = 0;
    let changesSaved = 0;
    const snapshotFile = snapshotPath(incrementalRoot, origin, scopeKey(scopeListings(filters)));
    try {
      for (let step = 0; step < STEPS; step++) {
        const skus = sb.sandbox.dumpState().products.map((p) => p.sku as string);
        const ours = skus.filter((s) => s.startsWith('R-'));
        const roll = random();
        if (roll < 0.3 && ours.length > 0) {
          sb.sandbox.mutateProduct(pick(ours), pick([{ price: `${10 + Math.floor(random() * 90)}.00` }, { stock: Math.floor(random() * 9) }, { name: `N${step}` }]));
        } else if (roll < 0.42) {
          sb.sandbox.seed({ products: [product(`R-${next++}`, { approved: random() < 0.5 })] });
        } else if (roll < 0.5 && ours.length > 0) {
          await deleteRemotely(pick(ours));
        } else if (roll < 0.58) {
          const pending = sb.sandbox.dumpState().products.filter((p) => p.approved === false).map((p) => p.sku as string);
          if (pending.length > 0) sb.sandbox.mutateProduct(pick(pending), { approved: true });
        } else if (roll < 0.63 && ours.length > 0) {
          sb.sandbox.mutateProduct(pick(ours), { category: pick([SNEAKERS, TSHIRTS, HOODIES]) });
        } else if (roll < 0.68) {
          sb.sandbox.mutateProduct(pick(['X-1', 'X-2']), { stock: step });
        } else if (roll < 0.9) {
          reads += 1;
          const common = { warn: (m: string) => notices.push(m), overlapMs: 1_000 };
          const got = await readScopeWithSnapshot(
            client,
            settings,
            filters,
            { root: incrementalRoot, origin, notice: (m) => notices.push(m), ...common },
            () => undefined,
          );
          const full = await readScopeWithSnapshot(client, settings, filters, { root: fullRoot, origin, fullRead: true, ...common }, () => undefined);
          if (got!.incremental) incremental += 1;
          expect(bySku(got!.remote), `seed ${seed}, step ${step}`).toEqual(bySku(full!.remote));
          // What was saved (the snapshot file, and the changes file beside it) reads back as what was read.
          const saved = await loadSnapshot(snapshotFile);
          const back = 'snapshot' in saved ? mergeListings(saved.snapshot.listings.map((l) => l.records), settings.scope) : [];
          expect(bySku(back), `saved snapshot, seed ${seed}, step ${step}`).toEqual(bySku(got!.remote));
          if (existsSync(changesPath(snapshotFile))) changesSaved += 1;
        }
        // Same second, the next one, or well apart: stamps and Date headers in whole seconds.
        clock.advance(pick([0, 0, 300, 1_000, 2_500, 70_000]));
      }
    } finally {
      await client.close();
    }
    expect(reads).toBeGreaterThan(40);
    // Deletions and moves out of the scope make reads fall back (counts differ); most must not.
    expect(incremental).toBeGreaterThan(reads / 3);
    // Small changes are saved as changes beside the snapshot: that path is exercised too.
    expect(changesSaved).toBeGreaterThan(5);
    expect(notices.every((n) => n.startsWith('reading the whole scope: '))).toBe(true);
    // About a thousand loopback requests: room for a busy machine (nothing here measures time).
  }, 180_000);
});
