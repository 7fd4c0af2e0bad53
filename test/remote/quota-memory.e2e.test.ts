/**
 * The CI flow with the built CLI, each command its own process: `plan`, `apply --auto-approve`,
 * `plan` against a sandbox whose quota window (the documented 10 per minute, 10× faster) is
 * longer than the three runs together. Together they send more than 10 product requests, so
 * only the quota memory in `.shelf/quota.json` keeps the server from answering 429.
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

    const startedAt = Date.now();
    const plan = await shelf('plan');
    expect(plan.stdout).toContain('Plan: 3 to add, 0 to change, 1 to destroy.');
    const apply = await shelf('apply', '--auto-approve');
    expect(apply.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 1 destroyed.');
    const replanSpawnedAt = Date.now();
    const replan = await shelf('plan', '--detailed-exitcode');
    expect(replan.stdout).toContain('No changes.');

    const log = sb.sandbox.requestLog().filter((e) => e.resource === 'products');
    const times = log.map((e) => Date.parse(e.time));
    // More than the quota in all, and the last run started within the first one's window:
    // without the memory the server would have throttled.
    expect(log.length).toBeGreaterThan(10);
    expect(replanSpawnedAt - startedAt).toBeLessThan(WINDOW_MS);
    expect(log.filter((e) => e.throttled)).toEqual([]);
    expect(maxInAnyWindow(times, WINDOW_MS)).toBeLessThanOrEqual(10);

    const text = await readFile(quotaMemoryPath(root), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(new Set(parseQuotaMemory(text).map((e) => e.origin))).toEqual(new Set([new URL(sb.url).origin]));
  });
});
