/**
 * The price and stock guards end to end: the built CLI against the sandbox. A 95% price cut, a
 * tenfold rise and 30 of 100 stocks zeroed each fail the plan (and apply) naming every SKU, with
 * nothing written; the allow flags apply them; a 10% cut passes; a plan saved with a guard
 * lifted says so in `show` and in the markdown comment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../support/cli.js';
import { removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { productSeed, TIME_SCALE, TSHIRTS, writeRepo } from './e2e-fixtures.js';

let harness: RunningSandbox | undefined;
beforeAll(requireBuiltCli);
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(removeRepos);

async function start(seeds: ReturnType<typeof productSeed>[]) {
  harness = await startSandbox({ timeScale: TIME_SCALE });
  harness.sandbox.seed({ products: seeds });
  return { h: harness, env: { SHELF_URL: harness.url, SHELF_TOKEN: TOKEN } };
}

const writes = (h: RunningSandbox) => h.sandbox.requestLog().filter((e) => e.method !== 'GET');
const remoteOf = (h: RunningSandbox, sku: string) => h.sandbox.dumpState().products.find((p) => p.sku === sku) as { price?: unknown; stock?: unknown };

function product(sku: string, price: string, stock: number): string {
  return `  - sku: ${sku}
    base_code: ${sku.split('-').slice(0, 2).join('-')}
    name: Tee ${sku}
    category: ${TSHIRTS}
    attributes: {COLOR: Red, SIZE: ${sku.split('-').pop()}}
    price: "${price}"
    stock: ${stock}
`;
}

const seed = (sku: string, price: string, stock = 10) => productSeed(sku, { price, stock: String(stock) });

describe('price guards', () => {
  it('refuse a 95% cut and a 10x rise naming each SKU with nothing written; --allow-price-change applies them', async () => {
    const { h, env } = await start([seed('AKN-TEE-S', '199.90'), seed('AKN-TEE-M', '19.90'), seed('AKN-TEE-L', '100.00')]);
    const repo = writeRepo('', {
      'catalog/products.yaml': `products:\n${product('AKN-TEE-S', '9.99', 10)}${product('AKN-TEE-M', '199.00', 10)}${product('AKN-TEE-L', '90.00', 10)}`,
    });
    const plan = await runCli(['plan', repo], env);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stderr).toContain('AKN-TEE-S: price 199.90 → 9.99 (-95%) is over guards.price_drop 50%');
    expect(plan.stderr).toContain('AKN-TEE-M: price 19.90 → 199.00 (+900%) is over guards.price_rise 100%');
    expect(plan.stderr).toContain('on catalog/products.yaml:7:5, in product AKN-TEE-S');
    // The 10% cut of AKN-TEE-L is not named.
    expect(plan.stderr).not.toContain('AKN-TEE-L:');
    const refused = await runCli(['apply', repo, '--auto-approve'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-price-change');
    expect(writes(h)).toEqual([]);

    const applied = await runCli(['apply', repo, '--auto-approve', '--allow-price-change'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('--allow-price-change: 2 price changes over the price guards go ahead');
    expect([remoteOf(h, 'AKN-TEE-S').price, remoteOf(h, 'AKN-TEE-M').price, remoteOf(h, 'AKN-TEE-L').price].map(Number)).toEqual([9.99, 199, 90]);
  }, 120_000);

  it('lets a 10% cut through', async () => {
    const { h, env } = await start([seed('AKN-TEE-S', '100.00')]);
    const repo = writeRepo('', { 'catalog/products.yaml': `products:\n${product('AKN-TEE-S', '90.00', 10)}` });
    const applied = await runCli(['apply', repo, '--auto-approve'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(Number(remoteOf(h, 'AKN-TEE-S').price)).toBe(90);
  }, 120_000);

  it('a plan saved with --allow-price-change records it: show and the markdown comment say so first', async () => {
    const { h, env } = await start([seed('AKN-TEE-S', '199.90')]);
    const repo = writeRepo('', { 'catalog/products.yaml': `products:\n${product('AKN-TEE-S', '1.99', 10)}` });
    const out = join(repo, 'cut.plan');
    const saved = await runCli(['plan', repo, '--out', out, '--allow-price-change'], env);
    expect(saved.code, saved.stderr).toBe(0);
    // The plan file (gzipped JSON lines, the saved plan's header first) records the allowance itself.
    const header = gunzipSync(readFileSync(out)).toString('utf8').split('\n')[0]!;
    expect((JSON.parse(header) as { allowed: string[] }).allowed).toEqual(['price_change']);
    const show = await runCli(['show', out], env);
    expect(show.stdout.split('\n').slice(0, 2).join('\n')).toMatch(/^!+\nWARNING: Guards lifted: this plan was made with --allow-price-change/);
    expect((JSON.parse((await runCli(['show', out, '--json'], env)).stdout) as { allowed: string[] }).allowed).toEqual(['price_change']);
    const md = await runCli(['plan', repo, '--markdown', '--allow-price-change'], env);
    expect(md.stdout).toContain('> [!CAUTION]\n> **Guards lifted: this plan was made with `--allow-price-change`');
    expect(md.stdout.indexOf('Guards lifted')).toBeLessThan(md.stdout.indexOf('to change'));
    const applied = await runCli(['apply', out, '--auto-approve'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(Number(remoteOf(h, 'AKN-TEE-S').price)).toBe(1.99);
  }, 120_000);
});

describe('stock guard', () => {
  const skus = Array.from({ length: 100 }, (_, i) => `AKN-TEE-${String(i).padStart(3, '0')}`);

  it('refuses 30 of 100 stocks zeroed naming every SKU with nothing written; --allow-stock-change applies them', async () => {
    const { h, env } = await start(skus.map((s) => seed(s, '199.90', 10)));
    const catalog = skus.map((s, i) => product(s, '199.90', i < 30 ? 0 : 10)).join('');
    const repo = writeRepo('', { 'catalog/products.yaml': `products:\n${catalog}` });
    const plan = await runCli(['plan', repo], env);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stderr).toContain('The plan sets 30 of 100 in-stock SKUs to stock 0 (30%), over guards.stock_zeroed 25%');
    for (const s of skus.slice(0, 30)) expect(plan.stderr).toContain(`${s} (stock 10 → 0)`);
    expect(plan.stderr).not.toContain(`${skus[30]} (stock`);
    expect((await runCli(['apply', repo, '--auto-approve'], env)).code).toBe(1);
    expect(writes(h)).toEqual([]);

    const applied = await runCli(['apply', repo, '--auto-approve', '--allow-stock-change'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(skus.slice(0, 31).map((s) => Number(remoteOf(h, s).stock))).toEqual([...Array(30).fill(0), 10]);
  }, 120_000);
});
