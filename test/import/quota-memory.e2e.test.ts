/**
 * `shelf import` into a directory that is not a repository yet remembers the quota it spent
 * once it has written the catalog, so `shelf plan` run at once draws no 429 (a control without
 * the memory does); an import that refuses or fails leaves the directory as it was.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import { parseQuotaMemory, quotaMemoryPath } from '../../src/remote/quota-memory.js';
import { createSandbox, type Sandbox, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from './io.js';
import { remoteFixture } from './remote-fixture.js';

const TOKEN = 'import-quota-token';
/** The documented 10 product requests a minute, 30× faster: a 2 s window. */
const SCALE = 30;
const WINDOW_MS = 60_000 / SCALE;
/** What a seller adds to the shelf.yaml import wrote, so plan paces itself for the scaled server. */
const RATE_LIMITS = `seller_center:\n  rate_limits:\n    products: 10/${WINDOW_MS}ms\n    categories: 30/${WINDOW_MS}ms\n`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shelf-import-quota-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function withSandbox<T>(run: (env: NodeJS.ProcessEnv, sandbox: Sandbox) => Promise<T>): Promise<T> {
  // Pages of 5: the import reads 6 pages of products, and a plan as many again, more than one window's 10.
  const sandbox = createSandbox({ token: TOKEN, timeScale: SCALE, variants: { pageSizeCap: 5 } });
  sandbox.seed({ products: remoteFixture() });
  const server = await startSandboxServer(sandbox, { port: 0 });
  try {
    return await run({ SHELF_URL: server.url, SHELF_TOKEN: TOKEN }, sandbox);
  } finally {
    await server.close();
  }
}

const productRequests = (sandbox: Sandbox) => sandbox.requestLog().filter((e) => e.resource === 'products');

/** Imports into a fresh directory, then plans at once; optionally forgets the memory in between. */
async function importThenPlan(forget: boolean) {
  const dir = await mkdtemp(join(work, 'bare-'));
  return withSandbox(async (env, sandbox) => {
    const io = bufferedIO(work, env);
    expect(await runImport({ dir, skuPrefix: ['RT-'], category: [] }, io)).toBe(0);
    const imported = productRequests(sandbox).length;
    const memory = parseQuotaMemory(await readFile(quotaMemoryPath(dir), 'utf8'));
    if (forget) await rm(join(dir, '.shelf'), { recursive: true });
    await appendFile(join(dir, 'shelf.yaml'), RATE_LIMITS);
    const prepared = await preparePlan(dir, { targets: [] }, runContextOf(bufferedIO(work, env)));
    await prepared.client?.close();
    expect(prepared.plan?.summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
    return { imported, memory, log: productRequests(sandbox), text: await readFile(quotaMemoryPath(dir), 'utf8') };
  });
}

describe('import remembers its quota use when it writes the catalog', () => {
  it('into a directory without shelf.yaml: plan right after draws no 429', { timeout: 120_000 }, async () => {
    const { imported, memory, log, text } = await importThenPlan(false);
    // The import's own requests are in the memory it left.
    const slots = (resource: string) =>
      memory.filter((e) => e.resource === resource).reduce((n, e) => n + e.counted_at.length, 0);
    expect(slots('products')).toBe(imported);
    expect(slots('categories')).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    // Together more than one window allows: only the memory kept the server from throttling.
    expect(log.length).toBeGreaterThan(10);
    expect(log.filter((e) => e.throttled)).toEqual([]);
  });

  it('control: without the memory the same plan draws a 429', async () => {
    const { log } = await importThenPlan(true);
    expect(log.filter((e) => e.throttled).length).toBeGreaterThan(0);
  });
});

describe('import that does not write the catalog leaves nothing behind', () => {
  it('refused (it would overwrite a file): no .shelf/, no shelf.yaml', async () => {
    const dir = await mkdtemp(join(work, 'clash-'));
    await mkdir(join(dir, 'catalog'));
    await writeFile(join(dir, 'catalog/shoes-sneakers.yaml'), 'products: []\n');
    await withSandbox(async (env, sandbox) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: ['RT-'], category: [] }, io)).toBe(1);
      expect(io.err()).toContain('--force');
      // It did spend requests: the memory was withheld, not empty.
      expect(productRequests(sandbox).length).toBeGreaterThan(0);
    });
    expect(await readdir(dir)).toEqual(['catalog']);
    expect(await readdir(join(dir, 'catalog'))).toEqual(['shoes-sneakers.yaml']);
  });

  it('failed (the API refuses the token): the directory stays empty', async () => {
    const dir = await mkdtemp(join(work, 'refused-'));
    await withSandbox(async (env, sandbox) => {
      const io = bufferedIO(work, { ...env, SHELF_TOKEN: 'Token revoked-key-0123456789' });
      expect(await runImport({ dir, skuPrefix: ['RT-'], category: [] }, io)).toBe(1);
      expect(io.err()).toContain('401');
      expect(sandbox.requestLog().length).toBeGreaterThan(0);
    });
    expect(await readdir(dir)).toEqual([]);
    expect(existsSync(quotaMemoryPath(dir))).toBe(false);
  });
});
