/**
 * Ctrl-C reaches the client of `apply PLANFILE`: a request waiting for the quota stops waiting,
 * nothing is written, and apply says why it stopped. The quota allows a few product requests
 * per real minute; the plan's two reads use some (the quota memory in .shelf/ carries them
 * across runs), so the saved plan's stale check or its write has to wait for a slot that frees
 * only after a minute. The tests never wait that long: without the signal they time out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { makeRepo } from '../support/repo.js';
import { recordingIO } from '../support/recording-io.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ timeScale: 1 });
});
afterAll(async () => {
  await sb.close();
});

const perMinute = (requests: number) =>
  `seller_center:\n  rate_limits:\n    products: ${requests}/60000ms\nscope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n`;

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}

describe('shelf apply PLANFILE interrupted', () => {
  it('stops the stale check waiting for the quota on Ctrl-C: a diagnostic, nothing written', async () => {
    // Two reads to plan, two to check the saved plan: the second check waits a minute.
    const root = await makeRepo({ 'shelf.yaml': perMinute(3), 'catalog/tees.yaml': tshirtCatalog(1) });
    expect(await runPlan({ dir: '.', out: 'one.plan', target: [] }, recordingIO(root, sb.env))).toBe(0);
    const reads = () => sb.sandbox.requestLog().filter((e) => e.path.includes('sku=TEE-000')).length;
    const before = reads();

    const controller = new AbortController();
    const io = recordingIO(root, sb.env, { signal: controller.signal });
    const running = runApply({ path: 'one.plan', autoApprove: true, json: true, target: [] }, io);
    await until(() => reads() === before + 1);
    controller.abort(new Error('received SIGINT'));

    expect(await running).toBe(1);
    expect(reads()).toBe(before + 1);
    expect(sb.sandbox.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    expect(io.err()).toContain('interrupted');
    expect(JSON.parse(io.out()).summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 });
  });

  it('stops a write waiting for the quota on Ctrl-C: nothing is sent, the report says interrupted', async () => {
    // Two reads to plan, two to check the saved plan: the product write waits a minute.
    const root = await makeRepo({ 'shelf.yaml': perMinute(4), 'catalog/tees.yaml': tshirtCatalog(1) });
    expect(await runPlan({ dir: '.', out: 'one.plan', target: [] }, recordingIO(root, sb.env))).toBe(0);
    expect(gunzipSync(await readFile(join(root, 'one.plan'))).toString('utf8')).toContain('TEE-000');

    const controller = new AbortController();
    const io = recordingIO(root, sb.env, { signal: controller.signal });
    const running = runApply({ path: 'one.plan', autoApprove: true, target: [] }, io);
    // The executor has started (the product and, after it, its offer): the product chunk waits for a slot.
    await until(() => io.err().includes('apply: 2 items in 2 chunks'));
    controller.abort(new Error('received SIGINT'));

    expect(await running).toBe(1);
    expect(sb.sandbox.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    expect(io.out()).toContain('Interrupted:');
  });
});
