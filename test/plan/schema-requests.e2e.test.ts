/**
 * The schema reads a plan costs, as counts of the requests the sandbox saw: a plan of 10,000
 * products over 50 categories reads each category's attributes (CTG102) once, and none while
 * `.shelf/category-schemas.json` is fresh; an expired entry is read again, and so is a cached
 * schema that would refuse a product (a stale cache never blocks a plan). The token is never
 * written to the cache.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import { SCHEMA_CACHE_LIFETIME_MS, schemaCachePath } from '../../src/remote/schema-cache.js';
import { seedCategories } from '../../src/sandbox/index.js';
import type { SandboxCategory } from '../../src/sandbox/seed-categories.js';
import { bufferedIO } from '../import/io.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TIME_SCALE } from './e2e-fixtures.js';

const CATEGORIES = 50;
const PRODUCTS = 10_000;
const leafId = (i: number) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** One root with 50 leaves, each with the T-shirts leaf's attributes. */
function fiftyLeaves(): SandboxCategory[] {
  const attributes = seedCategories().find((c) => c.name === 'T-shirts')!.attributes;
  return [
    { id: leafId(0), name: 'Everything', parent: null, attributes: [] },
    ...Array.from({ length: CATEGORIES }, (_, i) => ({ id: leafId(i + 1), name: `Leaf ${i + 1}`, parent: leafId(0), attributes })),
  ];
}

function catalogYaml(): string {
  const lines = ['products:'];
  for (let i = 0; i < PRODUCTS; i++) {
    const sku = `BIG-${String(i).padStart(5, '0')}`;
    lines.push(`  - {sku: ${sku}, base_code: BIG-${Math.floor(i / 4)}, name: Tee ${i}, category: ${leafId((i % CATEGORIES) + 1)}, attributes: {COLOR: Red, SIZE: M}}`);
  }
  return `${lines.join('\n')}\n`;
}

let h: RunningSandbox;
let repo: string;
beforeAll(async () => {
  h = await startSandbox({ timeScale: TIME_SCALE, batchProcessingMs: {} });
  h.sandbox.seed({ categories: fiftyLeaves() });
  repo = makeRepo({ 'shelf.yaml': 'scope:\n  sku_prefixes: ["BIG-"]\n', 'catalog/big.yaml': catalogYaml() });
});
afterAll(async () => {
  await h?.close();
  removeRepos();
});

const schemaReads = (since: number) =>
  h.sandbox
    .requestLog()
    .slice(since)
    .filter((e) => /^\/api\/i2\/categories\/[^/]+\/attributes\/?(\?|$)/.test(e.path)).length;

async function plan() {
  const since = h.sandbox.requestLog().length;
  const env = { ...h.env, SHELF_SANDBOX_TIME_SCALE: String(TIME_SCALE) };
  const prepared = await preparePlan(repo, { targets: [] }, runContextOf(bufferedIO(repo, env)));
  await prepared.client?.close();
  return { prepared, reads: schemaReads(since) };
}

function editCache(edit: (entries: { category: string; fetched_at: number; attributes: { key: string; values: string[] }[] }[]) => void) {
  const file = schemaCachePath(repo);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { entries: Parameters<typeof edit>[0] };
  edit(doc.entries);
  writeFileSync(file, JSON.stringify(doc));
}

describe('category schema reads', { timeout: 120_000 }, () => {
  it('10,000 products over 50 categories: 50 CTG102 requests the first time, 0 while the cache is fresh', async () => {
    const first = await plan();
    expect(first.prepared.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.prepared.plan?.summary.add).toBe(PRODUCTS);
    expect(first.reads).toBe(CATEGORIES);
    const cache = readFileSync(schemaCachePath(repo), 'utf8');
    expect(cache).not.toContain(TOKEN);

    const second = await plan();
    expect(second.reads).toBe(0);
    expect(second.prepared.plan?.summary.add).toBe(PRODUCTS);
  });

  it('reads again a category whose cached entry has expired', async () => {
    editCache((entries) => {
      entries[0]!.fetched_at -= SCHEMA_CACHE_LIFETIME_MS + 1;
    });
    expect((await plan()).reads).toBe(1);
  });

  it('confirms a refusal found on a cached schema against a fresh read before refusing', async () => {
    // The cache says Red is not allowed in one category (the marketplace has since added it).
    editCache((entries) => {
      const color = entries[1]!.attributes.find((a) => a.key === 'COLOR')!;
      color.values = color.values.filter((v) => v !== 'Red');
    });
    const again = await plan();
    expect(again.reads).toBe(1);
    expect(again.prepared.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((await plan()).reads).toBe(0);
  });
});
