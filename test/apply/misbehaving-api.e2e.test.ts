/**
 * Apply against a sandbox that misbehaves mid-run: the token is revoked, the API goes away for
 * a while, the journal's batches belong to another origin. Faults are switched on while the
 * apply runs (once its first batch is journaled), so they hit it mid-apply whatever the timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, readJournalBacklog } from '../../src/apply/journal.js';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import type { SandboxFaults } from '../../src/sandbox/options.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { journalHasBatch, waitFor } from '../support/wait-for.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { SHELF_YAML, TSHIRTS, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});


/** The sandbox's faults, switched while it runs (the fault injector reads this object on each request). */
const faultsOf = (s: RunningSandbox) => s.sandbox.options.faults as SandboxFaults;
const sinceStart = (s: RunningSandbox) => s.sandbox.options.now() - s.sandbox.options.startedAt;

const origin = (s: RunningSandbox) => new URL(s.url).origin;

async function converged(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  expect(await runPlan({ dir: '.', target: [], detailedExitcode: true }, recordingIO(root, env))).toBe(0);
}

describe('apply when the API misbehaves mid-run', () => {
  it('a token revoked mid-apply: exit 1, failed 0, the accepted batch unknown, a short report; the next apply collects it and converges without resending', async () => {
    sb.sandbox.reset();
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6) });
    const io = recordingIO(root, sb.env);
    const running = runApply({ path: '.', autoApprove: true, target: [], json: true }, io);
    await waitFor(journalHasBatch(root));
    faultsOf(sb).revokedFromMs = sinceStart(sb);
    expect(await running).toBe(1);
    const doc = JSON.parse(io.out()) as { summary: Record<string, number>; unknown: { sku: string; operation: string; batch_id: string }[] };
    expect(doc.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 6 });
    const [batch] = (await readJournalBacklog(root, origin(sb))).batches;
    expect(doc.unknown.map((u) => [u.operation, u.batch_id])).toEqual(Array(6).fill(['products', batch!.batchId]));

    // The same run told as a person reads it: one message for the cause, well under 50 lines.
    delete faultsOf(sb).revokedFromMs;
    sb.sandbox.reset();
    const root2 = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6) });
    const human = recordingIO(root2, sb.env);
    const again = runApply({ path: '.', autoApprove: true, target: [] }, human);
    await waitFor(journalHasBatch(root2));
    faultsOf(sb).revokedFromMs = sinceStart(sb);
    expect(await again).toBe(1);
    const report = human.out().slice(human.out().indexOf('Plan:'));
    expect(report.split('\n').length).toBeLessThan(50);
    expect(report).toContain('the token was refused while shelf followed the writes; 1 batch (6 records) accepted, outcome unknown');
    expect(report).not.toContain('the product of this SKU was not created');
    expect(report).toContain('Apply incomplete! Resources: 0 added, 0 changed, 0 destroyed, 6 unknown.');

    // The token is valid again: the batch is collected, not sent again; the offers go once.
    delete faultsOf(sb).revokedFromMs;
    const posts = sb.count('POST', '/api/i2/products/');
    const next = recordingIO(root2, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, next)).toBe(0);
    expect(next.err()).toContain('Collecting 1 batch(es) left in flight');
    expect(sb.count('POST', '/api/i2/products/')).toBe(posts);
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/')).toBe(1);
    await converged(root2, sb.env);
  });

  it('an outage mid-apply (10 s of API time) is ridden out: exit 0, exact state', async () => {
    sb.sandbox.reset();
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(8) });
    const io = recordingIO(root, sb.env);
    const running = runApply({ path: '.', autoApprove: true, target: [] }, io);
    await waitFor(journalHasBatch(root));
    // 10 s of the API's time; the sandbox runs 20 times faster.
    faultsOf(sb).outages = [{ startMs: sinceStart(sb), durationMs: 10_000 / 20 }];
    try {
      expect(await running).toBe(0);
    } finally {
      faultsOf(sb).outages = [];
    }
    expect(sb.sandbox.requestLog().some((e) => e.fault === 'outage')).toBe(true);
    expect(io.out()).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');
    expect(sb.count('POST', '/api/i2/products/')).toBe(1);
    await converged(root, sb.env);
  });

  it('an interrupted apply, then an apply against another origin: the second origin never hears of the first one\'s batches; both converge', async () => {
    sb.sandbox.reset();
    const other = await startSandbox();
    try {
      const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(5) });
      const controller = new AbortController();
      const first = runApply({ path: '.', autoApprove: true, target: [] }, recordingIO(root, sb.env, { signal: controller.signal }));
      await waitFor(journalHasBatch(root));
      controller.abort(new Error('received SIGINT'));
      expect(await first).toBe(1);
      const [batch] = (await readJournalBacklog(root, origin(sb))).batches;

      const elsewhere = recordingIO(root, other.env);
      expect(await runApply({ path: '.', autoApprove: true, target: [] }, elsewhere)).toBe(0);
      expect(other.sandbox.requestLog().filter((e) => e.path.includes('batch-requests') && e.path.includes(batch!.batchId))).toEqual([]);
      expect(elsewhere.err()).toContain(`1 batch(es) (5 records) of an earlier apply against ${origin(sb)} are left alone`);
      expect(elsewhere.err()).not.toContain('Collecting');
      await converged(root, other.env);
      // Kept for the first origin: the next apply there collects the batch instead of sending it again.
      expect((await readJournalBacklog(root, origin(sb))).batches.map((b) => b.batchId)).toEqual([batch!.batchId]);

      const back = recordingIO(root, sb.env);
      expect(await runApply({ path: '.', autoApprove: true, target: [] }, back)).toBe(0);
      expect(back.err()).toContain('Collecting 1 batch(es) left in flight');
      expect(sb.count('POST', '/api/i2/products/')).toBe(1);
      await converged(root, sb.env);
      expect((await readJournalBacklog(root, origin(sb))).batches).toEqual([]);
      expect((await readJournalBacklog(root, origin(other))).elsewhere).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('a write whose answer was lost', () => {
  it('is read back instead of sent again: one accepted batch per kind, exit 0, exact state', async () => {
    const lossy = await startSandbox();
    // The sandbox carries out the first product write, but its answer never arrives.
    const handle = lossy.sandbox.handle.bind(lossy.sandbox);
    let losses = 1;
    (lossy.sandbox as { handle: typeof handle }).handle = async (request) => {
      const response = await handle(request);
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/i2/products/' && losses > 0) {
        losses -= 1;
        return Response.error();
      }
      return response;
    };
    try {
      const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(4) });
      const io = recordingIO(root, lossy.env);
      expect(await runApply({ path: '.', autoApprove: true, target: [] }, io)).toBe(0);
      expect(losses).toBe(0);
      const kinds = lossy.sandbox.dumpState().batches.map((b) => `${b.kind} ${b.items}`);
      expect(kinds).toEqual(['products 4', 'prices-and-stocks 4']);
      expect(io.out()).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
      await converged(root, lossy.env);
    } finally {
      await lossy.close();
    }
  });
});

describe('killed between the API accepting a write and the journal recording it', () => {
  it('the next apply waits until that batch could have ended before planning, so it is not sent again', async () => {
    // Batches take 12 s of API time (0.6 s here): a plan made at once would still see the SKUs.
    // shelf's quota is a third of the real one (its expected batch time: 1 s), the sandbox's 20x.
    const slow = await startSandbox({ batchProcessingMs: { queuedMs: 0, baseMs: 12_000, perItemMs: 0 } });
    const yaml = SHELF_YAML.replace('10/3000ms', '10/20000ms').replace('30/3000ms', '30/20000ms');
    try {
      const tee = (sku: string) => ({ sku, name: sku, base_code: 'TEE-BASE', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' } });
      slow.sandbox.seed({ products: [tee('TEE-X1'), tee('TEE-X2')] });
      const root = await makeRepo({ 'shelf.yaml': yaml, 'catalog/tees.yaml': 'products: []\n' });
      // The killed run: its intent is on disk, the API accepted the delete, the answer was never recorded.
      const journal = await Journal.open(root, { compact: true, origin: origin(slow) });
      await journal.intent('delete', ['TEE-X1', 'TEE-X2']);
      await journal.close();
      const res = await fetch(`${slow.url}/i2/products/`, {
        method: 'DELETE',
        headers: { authorization: TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify([{ sku: 'TEE-X1' }, { sku: 'TEE-X2' }]),
      });
      expect(res.status).toBeLessThan(300);

      const io = recordingIO(root, slow.env);
      expect(await runApply({ path: '.', autoApprove: true, target: [], allowEmpty: true }, io)).toBe(0);
      expect(io.err()).toContain('once they could have ended, the plan reads their SKUs back');
      expect(slow.count('DELETE', '/api/i2/products/')).toBe(1);
      expect(io.out()).toContain('No changes.');
    } finally {
      await slow.close();
    }
  });
});

describe('an earlier run\'s batches whose outcome is still unknown', () => {
  it('nothing new is sent; apply --json lists their records in unknown[], not as failed', async () => {
    sb.sandbox.reset();
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    const journal = await Journal.open(root, { compact: true, origin: origin(sb) });
    await journal.submitted(await journal.intent('stocks', ['TEE-000', 'TEE-001']), 'b-earlier', 'stocks', ['TEE-000', 'TEE-001']);
    await journal.close();
    faultsOf(sb).revokedFromMs = 0;
    try {
      const io = recordingIO(root, sb.env);
      expect(await runApply({ path: '.', json: true, autoApprove: true, target: [] }, io)).toBe(1);
      const doc = JSON.parse(io.out()) as { summary: Record<string, number>; unknown: { sku: string; batch_id: string }[] };
      expect(doc.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 2 });
      expect(doc.unknown.map((u) => [u.sku, u.batch_id])).toEqual([
        ['TEE-000', 'b-earlier'],
        ['TEE-001', 'b-earlier'],
      ]);
      expect(sb.sandbox.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    } finally {
      delete faultsOf(sb).revokedFromMs;
    }
  });
});
