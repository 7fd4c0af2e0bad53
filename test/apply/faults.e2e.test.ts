import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournalBacklog } from '../../src/apply/journal.js';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { CLI } from '../support/cli.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { journalHasBatch, waitFor } from '../support/wait-for.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});


describe('faults lose nothing', () => {
  it('Ctrl-C stops submitting, names the batch in flight; the next apply collects it instead of resubmitting', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(6) });
    const controller = new AbortController();
    const io = recordingIO(root, sb.env, { signal: controller.signal });
    const running = runApply({ path: '.', autoApprove: true, target: [] }, io);
    await waitFor(journalHasBatch(root));
    controller.abort(new Error('received SIGINT'));
    expect(await running).toBe(1);
    const [batch] = (await readJournalBacklog(root)).batches;
    expect(batch?.kind).toBe('products');
    expect(io.out()).toContain('Interrupted: no further batches were submitted.');
    expect(io.out()).toContain(batch!.batchId);
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/')).toBe(0);

    const again = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, again)).toBe(0);
    expect(again.err()).toContain('Collecting 1 batch(es) left in flight');
    expect(sb.count('POST', '/api/i2/products/')).toBe(1);
    expect(sb.count('GET', `/api/i2/products/batch-requests/${batch!.batchId}`)).toBeGreaterThanOrEqual(1);
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/')).toBe(1);
    expect(again.out()).toContain('Apply complete! Resources: 0 added, 6 changed, 0 destroyed.');
    expect((await readJournalBacklog(root)).batches).toEqual([]);
  });

  it('SIGINT to the CLI stops it promptly with the in-flight batch named and a non-zero exit', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(3, { prefix: 'TEE-S' }) });
    const child = spawn(process.execPath, [CLI, 'apply', root, '--auto-approve'], { env: { ...process.env, ...sb.env } });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(journalHasBatch(root));
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    const [batch] = (await readJournalBacklog(root)).batches;
    expect(out).toContain(`${batch!.batchId}  products, 3 items`);
    expect(out).toContain('Apply interrupted!');
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/')).toBe(0);
  });

  it('kill -9 mid-apply, then a re-run converges with no duplicate submission', async () => {
    sb.sandbox.reset();
    const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(8, { prefix: 'TEE-K' }) });
    const child = spawn(process.execPath, [CLI, 'apply', root, '--auto-approve'], {
      env: { ...process.env, ...sb.env },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await waitFor(journalHasBatch(root));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(sb.count('POST', '/api/i2/products/')).toBe(1);

    const again = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, again)).toBe(0);
    // The killed run's product batch was collected, not submitted again; offers went once.
    expect(sb.count('POST', '/api/i2/products/')).toBe(1);
    expect(sb.count('POST', '/api/i2/products/prices-and-stocks/')).toBe(1);
    const replan = recordingIO(root, sb.env);
    expect(await runPlan({ dir: '.', target: [], detailedExitcode: true }, replan)).toBe(0);
    expect(sb.sandbox.requestLog().filter((e) => e.throttled)).toEqual([]);
  });

  it('converges through injected 429s, 5xx and dropped connections', async () => {
    const faulty = await startSandbox({ faults: { rate429: 0.1, rate5xx: 0.1, rateDrop: 0.05, seed: 11 } });
    try {
      const root = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(10) });
      let code = 1;
      // Faults may fail a run (a batch whose outcome could not be read); re-running converges.
      for (let attempt = 0; attempt < 3 && code !== 0; attempt++) {
        code = await runApply({ path: '.', autoApprove: true, target: [] }, recordingIO(root, faulty.env));
      }
      expect(code).toBe(0);
      expect(faulty.sandbox.requestLog().some((e) => e.fault !== undefined)).toBe(true);
      const products = faulty.sandbox.dumpState().products as { sku: string; stock?: number }[];
      expect(products.map((p) => [p.sku, p.stock])).toEqual(
        Array.from({ length: 10 }, (_, i) => [`TEE-${String(i).padStart(3, '0')}`, i + 1]),
      );
      expect((await readJournalBacklog(root)).batches).toEqual([]);
    } finally {
      await faulty.close();
    }
  });
});
