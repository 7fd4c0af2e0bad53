/**
 * `apply --json` tells the whole truth: a refused run still counts the requests it sent, and
 * failures collected from an interrupted earlier run's batches are in `errors` and `failed`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournalBacklog } from '../../src/apply/journal.js';
import { runApply } from '../../src/commands/apply.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

/** What the sandbox saw since `since`: every request, and the 429s among them. */
function logSince(since: number): { total: number; throttled: number } {
  const entries = sb.sandbox.requestLog().slice(since);
  return { total: entries.length, throttled: entries.filter((e) => e.throttled).length };
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts an apply of the catalog in `root` and stops it (Ctrl-C) once its product batch is submitted. */
async function interruptAfterFirstBatch(root: string): Promise<string> {
  const controller = new AbortController();
  const running = runApply({ path: '.', autoApprove: true, target: [] }, recordingIO(root, sb.env, { signal: controller.signal }));
  await waitFor(async () => (await readFile(join(root, '.shelf', 'journal.jsonl'), 'utf8').catch(() => '')).includes('"type":"submitted"'));
  controller.abort(new Error('received SIGINT'));
  expect(await running).toBe(1);
  const [batch] = (await readJournalBacklog(root)).batches;
  expect(batch?.kind).toBe('products');
  return batch!.batchId;
}

describe('apply --json requests on a refusal', () => {
  it('a guard refusal counts the planning reads it sent, as the sandbox logged them', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6) });
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, recordingIO(root, sb.env))).toBe(0);
    // Five of six products would be destroyed: over max_destroy, so apply refuses before writing.
    await writeFile(join(root, 'shelf.yaml'), SHELF_YAML.replace('max_destroy: 100%', 'max_destroy: 1'));
    await writeFile(join(root, 'catalog/tees.yaml'), tshirtCatalog(1));

    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, json: true, target: [] }, io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.errors.length).toBeGreaterThan(0);
    expect(doc.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 });
    expect(logSince(since).total).toBeGreaterThan(0);
    expect(doc.requests).toEqual(logSince(since));
    expect(sb.sandbox.requestLog().slice(since).every((e) => e.method === 'GET')).toBe(true);
  });

  it('a refusal for want of a terminal counts the requests of the plan it showed', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(3) });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', json: true, target: [] }, io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('not a terminal') })]);
    expect(logSince(since).total).toBeGreaterThan(0);
    expect(doc.requests).toEqual(logSince(since));
  });
});

describe('apply --json reports failures of batches collected from an interrupted run', () => {
  it('a recovered failure that this run writes again successfully is reported, marked resolved, and does not fail the run', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6, { rejectedAt: 4 }) });
    const batchId = await interruptAfterFirstBatch(root);
    // The user fixes the image the API could not download; the re-run collects the batch, then re-sends TEE-004.
    await writeFile(join(root, 'catalog/tees.yaml'), tshirtCatalog(6));

    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, json: true, target: [] }, io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.errors).toEqual([
      {
        sku: 'TEE-004',
        operation: 'products',
        message: expect.stringContaining('could not be downloaded'),
        source: { file: 'catalog/tees.yaml', line: expect.any(Number), column: expect.any(Number) },
        recovered_batch: batchId,
        resolved_by_this_run: true,
      },
    ]);
    expect(doc.summary).toEqual({ added: 1, changed: 5, destroyed: 0, failed: 0, unknown: 0 });
    // The requests of collecting (the status check) are counted with those of planning and writing.
    expect(sb.count('GET', `/api/i2/products/batch-requests/${batchId}`, since)).toBeGreaterThanOrEqual(1);
    expect(doc.requests).toEqual(logSince(since));
  });

  it('a recovered failure that still stands counts as failed, next to this run’s own failure of the SKU', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6, { rejectedAt: 4 }) });
    const batchId = await interruptAfterFirstBatch(root);

    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, json: true, target: [] }, io)).toBe(1);
    const doc = JSON.parse(io.out());
    const recovered = doc.errors.filter((e: { recovered_batch?: string }) => e.recovered_batch === batchId);
    expect(recovered).toEqual([expect.objectContaining({ sku: 'TEE-004', operation: 'products', message: expect.stringContaining('could not be downloaded') })]);
    expect(recovered[0].resolved_by_this_run).toBeUndefined();
    expect(recovered[0].source).toMatchObject({ file: 'catalog/tees.yaml', line: 35 });
    // This run sent TEE-004 again and the API rejected it again: one SKU, one failure.
    expect(doc.errors.some((e: { sku: string; recovered_batch?: string }) => e.sku === 'TEE-004' && !e.recovered_batch)).toBe(true);
    expect(doc.summary.failed).toBe(1);
  });

  it('a refusal after collecting still reports the failures collected', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6, { rejectedAt: 4 }) });
    const batchId = await interruptAfterFirstBatch(root);

    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    // No --auto-approve and no terminal: refused after collecting and planning, nothing written.
    expect(await runApply({ path: '.', json: true, target: [] }, io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.errors).toContainEqual(expect.objectContaining({ sku: 'TEE-004', operation: 'products', recovered_batch: batchId }));
    expect(doc.summary.failed).toBe(1);
    expect(doc.requests).toEqual(logSince(since));
  });
});
