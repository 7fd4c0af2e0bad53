/**
 * `shelf plan` and `shelf show` end to end: the built CLI against the sandbox over loopback,
 * across the API variants the sandbox emulates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliBuilt, runCli } from '../support/cli.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { CLOTHING, productSeed, productYaml, runInProcess, TIME_SCALE, writeRepo } from './e2e-fixtures.js';

interface PlanJson {
  format_version: string;
  summary: { add: number; change: number; destroy: number; unchanged: number };
  resource_changes: { sku: string; action: string; changed: string[]; before_unknown?: string[]; before: Record<string, unknown> | null }[];
  warnings: { code: string; summary: string }[];
  errors?: { code: string; summary: string }[];
}

let harness: RunningSandbox | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  // Seeded unapproved products stay unapproved for the whole test; batches take the sandbox's
  // default time (plan submits none).
  harness = await startSandbox({ timeScale: TIME_SCALE, batchProcessingMs: {}, approvalDelayMs: 3_600_000_000, ...options });
  return { h: harness, env: { SHELF_URL: harness.url, SHELF_TOKEN: TOKEN } };
}

const productGets = (h: RunningSandbox) => h.sandbox.requestLog().filter((e) => e.method === 'GET' && /\/i2\/products\/(\?|$)/.test(e.path));
const writes = (h: RunningSandbox) => h.sandbox.requestLog().filter((e) => e.method !== 'GET');

const catalog = (skus: string[]) => ({ 'catalog/products.yaml': `products:\n${skus.map((s) => productYaml(s)).join('')}` });

describe.skipIf(!cliBuilt())('shelf plan against the sandbox', () => {
  beforeAll(() => {
    expect(cliBuilt()).toBe(true);
  });

  it('reads unapproved products too, and reports only real changes', async () => {
    const { h, env } = await start({ variants: { extraFields: true } });
    h.sandbox.seed({
      products: [
        productSeed('AKN-TEE-S'),
        productSeed('AKN-TEE-M', { approved: false, price: '180' }),
        productSeed('OTHER-TEE-L'),
      ],
    });
    const repo = writeRepo('scope:\n  sku_prefixes: ["AKN-"]\n', catalog(['AKN-TEE-S', 'AKN-TEE-M']));
    const res = await runCli(['plan', repo, '--json'], env);
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as PlanJson;
    // The unapproved SKU was found (an update, not a create) and nothing else changed.
    expect(plan.summary).toEqual({ add: 0, change: 1, destroy: 0, unchanged: 1 });
    expect(plan.resource_changes.map((c) => [c.sku, c.action, c.changed])).toEqual([['AKN-TEE-M', 'update', ['price']]]);
    expect(plan.warnings.map((w) => w.code)).toContain('awaiting-approval');
    // One listing per approval state, filtered by the SKU prefix on the server.
    const reads = productGets(h).map((e) => e.path);
    expect(reads).toHaveLength(2);
    for (const path of reads) expect(path).toContain('sku__contains=AKN-');
    expect(reads.filter((p) => p.includes('approved=true'))).toHaveLength(1);
    expect(reads.filter((p) => p.includes('approved=false'))).toHaveLength(1);
    expect(writes(h)).toEqual([]);
  });

  it('plans the same through spurious 429s, 5xx answers and unknown enum values', async () => {
    const { h, env } = await start({
      faults: { rate429: 0.3, rate5xx: 0.2, seed: 11 },
      variants: { unknownEnumValues: true, retryAfter: 'absent' },
    });
    h.sandbox.seed({ products: [productSeed('AKN-TEE-S', { stock: 3 }), productSeed('AKN-TEE-M')] });
    const repo = writeRepo('', catalog(['AKN-TEE-S', 'AKN-TEE-M', 'AKN-TEE-L']));
    const res = await runInProcess('plan', { dir: repo, json: true }, env);
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as PlanJson;
    expect(plan.resource_changes.map((c) => [c.sku, c.action, c.changed])).toEqual([
      ['AKN-TEE-L', 'create', ['name', 'base_code', 'category', 'attributes', 'price', 'stock']],
      ['AKN-TEE-S', 'update', ['stock']],
    ]);
    expect(h.sandbox.requestLog().some((e) => e.fault !== undefined)).toBe(true);
  });

  it('shows offer fields the API does not return as known after apply, never as zero', async () => {
    const { h, env } = await start({ variants: { offerFieldsInList: false } });
    h.sandbox.seed({ products: [productSeed('AKN-TEE-S')] });
    const repo = writeRepo('', catalog(['AKN-TEE-S']));
    const json = JSON.parse((await runCli(['plan', repo, '--json'], env)).stdout) as PlanJson;
    expect(json.resource_changes[0]!.before_unknown).toEqual(['price', 'stock']);
    expect(json.resource_changes[0]!.before).not.toHaveProperty('stock');
    const human = await runInProcess('plan', { dir: repo }, env);
    expect(human.stdout).toContain('~ price = (known after apply) -> "199.90"');
    expect(human.stdout).toContain('~ stock = (known after apply) -> 10');
    expect(human.stdout).not.toMatch(/stock\s+= 0/);
  });

  it('pages through a capped page size with the minimum of requests', async () => {
    const { h, env } = await start({ variants: { pageSizeCap: 3 } });
    const skus = ['S', 'M', 'L', 'XL', 'XXL', 'XS'].flatMap((size) => [`AKN-A-${size}`, `AKN-B-${size}`]);
    h.sandbox.seed({ products: skus.map((sku, i) => productSeed(sku, { approved: i % 4 !== 0 })) });
    const repo = writeRepo('', catalog(skus));
    const res = await runCli(['plan', repo, '--detailed-exitcode'], env);
    expect(res.stdout).toMatch(/^No changes\. The remote catalog matches the configuration\.\n/);
    expect(res.stdout).toContain('3 remote products are waiting for marketplace approval');
    expect(res.code).toBe(0);
    // 9 approved → 3 full pages; 3 unapproved → 1 page. Nothing more.
    expect(productGets(h)).toHaveLength(4);
  });

  // Four CLI runs: time enough on a busy machine (a bound, not an assertion).
  it('deletes with prune only inside the scope and outside protect, and plans --target SKUs alone', { timeout: 90_000 }, async () => {
    const { h, env } = await start();
    h.sandbox.seed({
      products: ['AKN-TEE-S', 'AKN-OLD-M', 'AKN-HERO-L', 'OTHER-TEE-S'].map((sku) => productSeed(sku)),
    });
    const repo = writeRepo(
      'prune: true\nmax_destroy: 5\nprotect: ["AKN-HERO-*"]\nscope:\n  sku_prefixes: ["AKN-"]\n',
      catalog(['AKN-TEE-S', 'AKN-NEW-M']),
    );
    const plan = JSON.parse((await runCli(['plan', repo, '--json'], env)).stdout) as PlanJson;
    expect(plan.resource_changes.map((c) => [c.sku, c.action])).toEqual([
      ['AKN-NEW-M', 'create'],
      ['AKN-OLD-M', 'delete'],
    ]);

    const before = productGets(h).length;
    const targeted = await runCli(['plan', repo, '--json', '--target', 'AKN-OLD-M'], env);
    const t = JSON.parse(targeted.stdout) as PlanJson;
    expect(t.resource_changes.map((c) => [c.sku, c.action])).toEqual([['AKN-OLD-M', 'delete']]);
    const reads = productGets(h).slice(before);
    expect(reads).toHaveLength(2);
    for (const r of reads) expect(r.path).toContain('sku=AKN-OLD-M');
    // A targeted plan says it is partial (as terraform does), in every format.
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'partial-plan' }));
    const human = await runCli(['plan', repo, '--target', 'AKN-OLD-M'], env);
    expect(human.stdout).toContain('Warning: This plan is partial: --target limits it to AKN-OLD-M;');
    expect(plan.warnings).not.toContainEqual(expect.objectContaining({ code: 'partial-plan' }));
  });

  it('refuses deletions over max_destroy before writing anything, naming the numbers', async () => {
    const { h, env } = await start();
    const remote = ['S', 'M', 'L', 'XL'].flatMap((s) => [`AKN-A-${s}`, `AKN-B-${s}`, `AKN-C-${s}`]);
    h.sandbox.seed({ products: remote.map((sku) => productSeed(sku)) });
    const repo = writeRepo('prune: true\nmax_destroy: 25%\n', catalog(remote.slice(0, 8)));
    const res = await runCli(['plan', repo], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('4 deletions is over the limit of 3 (25% of 12)');
    // A refused plan is not shown: only the refusal, in every format.
    expect(res.stdout).toBe('');
    const md = await runInProcess('plan', { dir: repo, markdown: true }, env);
    expect(md.stdout).toContain('**Pre-flight failed (1 error):**');
    expect(md.stdout).toContain('4 deletions is over the limit of 3 (25% of 12)');
    expect(md.stdout).not.toContain('to destroy');
    const allowed = await runInProcess('plan', { dir: repo, allowDestroy: true, detailedExitcode: true }, env);
    expect(allowed.code).toBe(2);
    const empty = writeRepo('prune: true\nmax_destroy: 100\n', {});
    const refusedEmpty = await runInProcess('plan', { dir: empty, json: true }, env);
    expect(refusedEmpty.code).toBe(1);
    expect((JSON.parse(refusedEmpty.stdout) as PlanJson).errors!.map((e) => e.code)).toEqual(['empty-catalog']);
    expect(writes(h)).toEqual([]);
  });

  it('refuses a category that is not a leaf, pointing at the YAML line', async () => {
    const { env } = await start();
    const repo = writeRepo('', {
      'catalog/products.yaml': `products:\n${productYaml('AKN-TEE-S').replace(/category: \S+/, `category: ${CLOTHING}`)}`,
    });
    const res = await runCli(['plan', repo], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('has subcategories');
    expect(res.stderr).toContain('catalog/products.yaml:5:');
  });

  it('saves a plan without the token, and show renders it as plan did', async () => {
    const { h, env } = await start();
    h.sandbox.seed({ products: [productSeed('AKN-TEE-S', { price: '150' })] });
    const repo = writeRepo('', catalog(['AKN-TEE-S', 'AKN-TEE-M']));
    const out = join(repo, 'release.plan');
    const planned = await runCli(['plan', repo, '--json', '--out', out], env);
    expect(planned.code).toBe(0);
    const shown = await runCli(['show', out, '--json'], {});
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(planned.stdout));
    expect(readFileSync(out, 'utf8')).not.toContain(TOKEN);
    const human = await runInProcess('show', { file: out }, {});
    expect(human.stdout).toContain('~ price = "150.00" -> "199.90"');
    const notPlan = await runInProcess('show', { file: join(repo, 'shelf.yaml') }, {});
    expect(notPlan.code).toBe(1);
  });

  it('reports an --out path it cannot write as an error of the plan, with --json one error document', async () => {
    const { env } = await start();
    const repo = writeRepo('', catalog(['AKN-TEE-S']));
    const out = join(repo, 'no-such-dir', 'release.plan');
    const json = await runInProcess('plan', { dir: repo, out, json: true }, env);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as PlanJson).errors).toEqual([expect.objectContaining({ code: 'plan-file-unwritable' })]);
    const human = await runInProcess('plan', { dir: repo, out }, env);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('Cannot write the plan file');
    expect(human.stderr).not.toContain('Saved the plan');
  });
});
