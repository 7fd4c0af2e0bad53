/**
 * In CI (stderr not a terminal) a quota wait is told as a line when it starts, before the
 * request it holds back, and the read prints pages of the total; stdout stays one JSON
 * document. The built CLI against a sandbox 60× faster, with a products quota small enough
 * (2 per scaled minute) that the third listing request must wait.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliBuilt, runCli } from '../support/cli.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { productSeed, productYaml } from '../plan/e2e-fixtures.js';

let harness: RunningSandbox | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Three SKU prefixes: six listings (approved and not), so requests 3 to 6 wait for the quota. */
function repo(): string {
  const root = mkdtempSync(join(tmpdir(), 'shelf-wait-lines-'));
  writeFileSync(
    join(root, 'shelf.yaml'),
    'seller_center:\n  rate_limits:\n    products: 2/1000ms\n    categories: 30/1000ms\n' +
      'scope:\n  sku_prefixes: ["AKN-", "BSC-", "ERP-"]\n',
  );
  mkdirSync(join(root, 'catalog'));
  writeFileSync(join(root, 'catalog', 'products.yaml'), `products:\n${productYaml('AKN-TEE-S')}${productYaml('BSC-TEE-M')}`);
  return root;
}

describe.skipIf(!cliBuilt())('wait lines in a CI log', () => {
  beforeAll(() => {
    expect(cliBuilt()).toBe(true);
  });

  it('tells a quota wait when it starts, before the request it waits for', async () => {
    harness = await startSandbox({ timeScale: 60, batchProcessingMs: {} });
    harness.sandbox.seed({ products: [productSeed('AKN-TEE-S'), productSeed('ERP-TEE-L')] });
    const res = await runCli(['plan', repo(), '--json', '--debug'], { SHELF_URL: harness.server.url, SHELF_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    // stdout: exactly one JSON document.
    expect(JSON.parse(res.stdout)).toMatchObject({ format_version: '1' });
    const lines = res.stderr.split('\n');
    const waitLine = lines.findIndex((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z waiting \d+ (s|ms) for the i2\/products quota \(2\/s\)$/.test(l));
    // The --debug line of the first listing request that the quota held back (by 500 ms or more).
    const heldBack = lines.findIndex((l) => /^GET \S*\/api\/i2\/products\/\?.* → 200 in \d+ ms \(quota wait (\d+) ms/.exec(l) && Number(/quota wait (\d+) ms/.exec(l)![1]) >= 500);
    expect(waitLine).toBeGreaterThan(-1);
    expect(heldBack).toBeGreaterThan(-1);
    expect(waitLine).toBeLessThan(heldBack);
    // The read progress: pages of the total, in CI a line on the first page.
    expect(res.stderr).toMatch(/Z Reading Seller Center: page 1 of 6, 0 products/);
  });

  it('shows the wait without --debug too, and nothing of it on stdout', async () => {
    harness = await startSandbox({ timeScale: 60, batchProcessingMs: {} });
    const res = await runCli(['plan', repo(), '--json'], { SHELF_URL: harness.server.url, SHELF_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ format_version: '1' });
    expect(res.stdout).not.toContain('waiting');
    expect(res.stderr).toMatch(/Z waiting \d+ (s|ms) for the i2\/products quota \(2\/s\)\n/);
    // --markdown: stdout is the markdown document alone.
    const md = await runCli(['plan', repo(), '--markdown'], { SHELF_URL: harness.server.url, SHELF_TOKEN: TOKEN });
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(/waiting|Reading Seller Center|Read \d+ products/);
    expect(md.stderr).toMatch(/Z waiting \d+ (s|ms) for the i2\/products quota/);
  });
});
