import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, readJournalBacklog } from '../../src/apply/journal.js';
import { acquireApplyLock } from '../../src/apply/lock.js';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, TSHIRTS, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

describe('shelf apply against the sandbox', () => {
  it('applies with the minimum requests, maps the rejected record to its YAML line, and converges', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(12, { rejectedAt: 4 }) });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    const code = await runApply({ path: '.', autoApprove: true, json: true, target: [] }, io);
    expect(code).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.format_version).toBe('1');
    expect(doc.summary).toEqual({ added: 11, changed: 0, destroyed: 0, failed: 1, unknown: 0 });
    const productError = doc.errors.find((e: { operation: string }) => e.operation === 'products');
    expect(productError).toMatchObject({ sku: 'TEE-004', message: expect.stringContaining('could not be downloaded') });
    // The images of TEE-004 are on line 6 of its entry: 7 lines per SKU, entry 4 starts at line 30.
    expect(productError.source).toEqual({ file: 'catalog/tees.yaml', line: 35, column: expect.any(Number) });
    const yamlLine = (await readFile(join(root, 'catalog/tees.yaml'), 'utf8')).split('\n')[34];
    expect(yamlLine).toContain('cdn.invalid');
    // The skipped offer of the rejected SKU says why.
    expect(doc.errors).toContainEqual(
      expect.objectContaining({ sku: 'TEE-004', operation: 'prices-and-stocks', message: expect.stringContaining('not created') }),
    );

    // Minimum writes: one product upsert, one price+stock write; each polled exactly once.
    expect(sb.count('POST', '/api/i2/products/', since)).toBe(1);
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/', since)).toBe(1);
    expect(sb.count('POST', '/api/i2/products/prices/', since)).toBe(0);
    expect(sb.count('POST', '/api/i2/products/stocks/', since)).toBe(0);
    const polls = sb.sandbox.requestLog().slice(since).filter((e) => e.path.startsWith('/api/i2/products/batch-requests/'));
    expect(polls.length).toBe(2);
    expect(doc.requests.throttled).toBe(0);
    const state = sb.sandbox.dumpState().products as { sku: string; stock?: number; price?: string }[];
    expect(state.map((p) => p.sku).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `TEE-${String(i).padStart(3, '0')}`).filter((s) => s !== 'TEE-004'),
    );
    expect(state.find((p) => p.sku === 'TEE-003')).toMatchObject({ price: '103.90', stock: 4 });

    // Human output of a second apply: only the rejected SKU is left, reported on its line.
    const again = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, again)).toBe(1);
    expect(again.out()).toContain('Error: TEE-004: products:');
    expect(again.out()).toContain('on catalog/tees.yaml:35:');
    expect(again.out()).toMatch(/Apply failed! Resources: 0 added, 0 changed, 0 destroyed, 1 failed\./);
  });

  it('deletes last, reports Apply complete, and then no changes once everything is accepted', async () => {
    sb.sandbox.reset();
    const old = { sku: 'TEE-OLD', name: 'Old', base_code: 'TEE-BASE', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' } };
    sb.sandbox.seed({ products: [old] });
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(3) });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, io)).toBe(0);
    expect(io.out()).toContain('Apply complete! Resources: 3 added, 0 changed, 1 destroyed.');
    const log = sb.sandbox.requestLog().slice(since);
    const deleteAt = log.findIndex((e) => e.method === 'DELETE');
    const lastOtherWrite = log.findLastIndex((e) => e.method === 'POST');
    expect(deleteAt).toBeGreaterThan(lastOtherWrite);
    const pollsBeforeDelete = log.slice(0, deleteAt).filter((e) => e.path.startsWith('/api/i2/products/batch-requests/'));
    expect(pollsBeforeDelete.length).toBe(2);
    const replan = recordingIO(root, sb.env);
    expect(await runPlan({ dir: '.', target: [], detailedExitcode: true }, replan)).toBe(0);
    expect(replan.out()).toContain('No changes.');
  });

  it('refuses without --auto-approve when stdin is not a terminal, and writes nothing', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', target: [] }, io)).toBe(1);
    expect(io.err()).toMatch(/not a terminal.*--auto-approve/s);
    expect(sb.sandbox.requestLog().slice(since).filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('with --json, a refusal for want of a terminal still prints one JSON document on stdout', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', json: true, target: [] }, io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 });
    expect(doc.errors).toEqual([expect.objectContaining({ sku: null, message: expect.stringMatching(/not a terminal.*--auto-approve/) })]);
    expect(io.err()).toMatch(/not a terminal/);
  });

  it('with --json, a held lock gives one JSON document too; a journaled batch the API does not know is gone and the fresh plan decides', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    const held = await acquireApplyLock(root);
    const locked = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', json: true, autoApprove: true, target: [] }, locked)).toBe(1);
    expect(JSON.parse(locked.out()).errors).toEqual([expect.objectContaining({ message: expect.stringContaining('another shelf apply') })]);
    await held.lock?.release();

    const journal = await Journal.open(root, { compact: true });
    await journal.submitted(await journal.intent('products', ['TEE-000']), 'no-such-batch', 'products', ['TEE-000']);
    await journal.close();
    const io = recordingIO(root, sb.env);
    // Before origins were tied to the journal, this batch was polled (404) on every later apply, forever.
    expect(await runApply({ path: '.', json: true, autoApprove: true, target: [] }, io)).toBe(0);
    expect(io.err()).toContain('the API does not know 1 batch(es) of an earlier apply (1 record(s)); the new plan decides');
    expect(JSON.parse(io.out()).summary).toEqual({ added: 2, changed: 0, destroyed: 0, failed: 0, unknown: 0 });
    expect((await readJournalBacklog(root, new URL(sb.env.SHELF_URL!).origin)).batches).toEqual([]);
  });

  it('asks on a terminal and writes nothing unless the answer is yes', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env, { tty: true });
    const { Readable } = await import('node:stream');
    io.stdin = Object.assign(Readable.from(['no\n']), { isTTY: true });
    expect(await runApply({ path: '.', target: [] }, io)).toBe(1);
    expect(io.err()).toContain("Only 'yes' will be accepted");
    expect(io.err()).toContain('Apply cancelled. Nothing was written.');
    expect(sb.sandbox.requestLog().slice(since).filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('stops before any write when a guard refuses the plan or the token is refused', async () => {
    sb.sandbox.reset();
    const stray = (sku: string) => ({ sku, name: sku, base_code: 'TEE-BASE', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' } });
    sb.sandbox.seed({ products: [stray('TEE-X1'), stray('TEE-X2'), stray('TEE-X3')] });
    const root = makeRepo({
      'shelf.yaml': 'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 1\n',
      'catalog/tees.yaml': tshirtCatalog(2),
    });
    const since = sb.sandbox.requestLog().length;
    const guarded = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, guarded)).toBe(1);
    expect(guarded.err()).toMatch(/3 deletions/);
    const badToken = recordingIO(root, { ...sb.env, SHELF_TOKEN: 'Token revoked-key-0123456789' });
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, badToken)).toBe(1);
    expect(badToken.err()).not.toContain('revoked-key-0123456789');
    expect(sb.sandbox.requestLog().slice(since).filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('refuses a second apply on the same repository while one holds the lock', async () => {
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(1) });
    const { acquireApplyLock } = await import('../../src/apply/lock.js');
    const held = await acquireApplyLock(root);
    try {
      const io = recordingIO(root, sb.env);
      expect(await runApply({ path: '.', autoApprove: true, target: [] }, io)).toBe(1);
      expect(io.err()).toContain('another shelf apply');
    } finally {
      await held.lock?.release();
    }
  });
});
