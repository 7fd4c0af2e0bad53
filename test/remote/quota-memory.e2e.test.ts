/**
 * The CI flow with the built CLI, each command its own process: `plan`, `apply --auto-approve`,
 * `plan` against a sandbox whose quota window is the documented 10 per minute, 10× faster.
 * Together they send more than 10 product requests; on an idle machine the three runs fall
 * inside one window, so only the quota memory in `.shelf/quota.json` keeps the server from
 * answering 429 (the control in quota-memory.test.ts shows a client without it draws 429s).
 * How fast the machine starts three processes is not shelf's doing, so it is not asserted:
 * the test asserts the order of the runs' requests and their counts on the server's side.
 * Needs `npm run build`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuotaMemory, quotaMemoryPath } from '../../src/remote/quota-memory.js';
import { TSHIRTS, tshirtCatalog } from '../apply/fixtures.js';
import { CLI, cliBuilt } from '../support/cli.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { maxInAnyWindow } from './helpers.js';

const run = promisify(execFile);
const SCALE = 10;
const WINDOW_MS = 60_000 / SCALE;
const SHELF_YAML =
  `seller_center:\n  rate_limits:\n    products: 10/${WINDOW_MS}ms\n    categories: 30/${WINDOW_MS}ms\n` +
  'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ timeScale: SCALE });
});
afterAll(async () => {
  await sb.close();
});

describe.runIf(cliBuilt())('plan → apply → plan, three processes inside one quota window', () => {
  it('draws no 429: each process starts with the slots the previous ones still hold', async () => {
    const old = { sku: 'TEE-OLD', name: 'Old', base_code: 'TEE-BASE', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' } };
    sb.sandbox.seed({ products: [old] });
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(3) });
    const env = { PATH: process.env.PATH ?? '', ...sb.env };
    const shelf = (...args: string[]) => run(process.execPath, [CLI, ...args], { cwd: root, env });

    const productRequests = () => sb.sandbox.requestLog().filter((e) => e.resource === 'products');
    const plan = await shelf('plan');
    expect(plan.stdout).toContain('Plan: 3 to add, 0 to change, 1 to destroy.');
    const afterPlan = productRequests().length;
    const apply = await shelf('apply', '--auto-approve');
    expect(apply.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 1 destroyed.');
    const afterApply = productRequests().length;
    const replan = await shelf('plan', '--detailed-exitcode');
    expect(replan.stdout).toContain('No changes.');

    const log = productRequests();
    const [planned, applied, replanned] = [log.slice(0, afterPlan), log.slice(afterPlan, afterApply), log.slice(afterApply)];
    // The runs in order: plan reads, apply reads and then writes (new products, their offers, the
    // deletion), the last plan reads again.
    const route = (e: (typeof log)[number]) => `${e.method} ${e.path.split('?')[0]}`;
    expect(planned.map(route)).toEqual(['GET /api/i2/products/', 'GET /api/i2/products/']);
    expect(applied.slice(0, 2).map(route)).toEqual(['GET /api/i2/products/', 'GET /api/i2/products/']);
    expect(applied.filter((e) => e.method !== 'GET').map(route)).toEqual([
      'POST /api/i2/products/',
      'POST /api/i2/products/prices-and-stocks/',
      'DELETE /api/i2/products/',
    ]);
    expect(replanned.map(route)).toEqual(['GET /api/i2/products/', 'GET /api/i2/products/']);
    // More than the quota in all, none throttled, never more than 10 in any window of the server's clock.
    expect(log.length).toBeGreaterThan(10);
    expect(log.filter((e) => e.throttled)).toEqual([]);
    expect(maxInAnyWindow(log.map((e) => Date.parse(e.time)), WINDOW_MS)).toBeLessThanOrEqual(10);

    const text = await readFile(quotaMemoryPath(root), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(new Set(parseQuotaMemory(text).map((e) => e.origin))).toEqual(new Set([new URL(sb.url).origin]));
  });
});
