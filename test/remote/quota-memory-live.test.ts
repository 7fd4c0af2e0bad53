/**
 * The quota memory is saved while a client runs, not only when it closes: a client that sent
 * requests and was never closed (a process killed outright) leaves a memory file the next
 * client honours against the sandbox; a burst of requests costs only a few file writes, and a
 * write request is saved right after its answer, without waiting for the throttle.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { parseQuotaMemory, quotaMemoryPath } from '../../src/remote/quota-memory.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { collect, liftedLimits, makeClient, maxInAnyWindow, ORIGIN, TOKEN } from './helpers.js';

// Every rename over a quota memory file is one save; the real rename still happens.
const saves = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof actual.rename = async (from, to) => {
    if (basename(String(to)) === 'quota.json') saves.count += 1;
    return actual.rename(from, to);
  };
  return { ...actual, rename, default: { ...actual, rename } };
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  saves.count = 0;
});

function mountSandbox(sandbox: Sandbox) {
  server.use(http.all(`${ORIGIN}/*`, ({ request }) => sandbox.handle(request)));
}

async function scratchFile(): Promise<string> {
  return quotaMemoryPath(await mkdtemp(join(tmpdir(), 'shelf-quota-live-')));
}

/** The products slots the file holds, all writers together (0 when there is no file yet). */
async function productSlots(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return parseQuotaMemory(text)
    .filter((e) => e.resource === 'products')
    .reduce((n, e) => n + e.counted_at.length, 0);
}

/**
 * Polls the file until it holds `n` products slots. No deadline of its own: how soon a save
 * lands depends on the machine's load, and the test's timeout already bounds the wait.
 */
async function untilSlots(file: string, n: number): Promise<void> {
  while ((await productSlots(file)) < n) await new Promise((r) => setTimeout(r, 2));
}

describe('quota memory while the client runs', () => {
  it('a client never closed leaves slots the next client honours: zero 429s', async () => {
    // The documented 10 requests a minute at time scale 30: a 2 s window, long enough that the
    // slots are still inside it when a save lands on a busy machine.
    const quota: RateLimit = { requests: 10, windowMs: 2_000 };
    const sandbox = createSandbox({ token: TOKEN, timeScale: 60_000 / quota.windowMs });
    mountSandbox(sandbox);
    const file = await scratchFile();
    const rateLimits = { ...liftedLimits(), products: quota };

    const killed = makeClient({ rateLimits, quotaMemoryFile: file });
    await Promise.all(Array.from({ length: 10 }, () => collect(killed.client.listProducts({ approved: true }))));
    // Not closed: what is on disk is what a process killed now would leave.
    await untilSlots(file, 10);
    const entries = parseQuotaMemory(await readFile(file, 'utf8'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ origin: ORIGIN, resource: 'products', window_ms: quota.windowMs });

    const next = makeClient({ rateLimits, quotaMemoryFile: file });
    await Promise.all(Array.from({ length: 10 }, () => collect(next.client.listProducts({ approved: true }))));
    await next.client.close();
    await killed.client.close();

    const log = sandbox.requestLog().filter((e) => e.resource === 'products');
    expect(log).toHaveLength(20);
    expect(log.filter((e) => e.throttled)).toEqual([]);
    expect(next.client.counters()).toMatchObject({ throttled: 0, retried: 0, requests: { products: 10 } });
    expect(maxInAnyWindow(log.map((e) => Date.parse(e.time)), quota.windowMs)).toBeLessThanOrEqual(10);
  });

  it('100 reads within a second cost a few saves; a write is saved at once after its answer', async () => {
    // The documented minute (time scale 1): saves prompted by reads are a second apart.
    const sandbox = createSandbox({ token: TOKEN, rateLimits: { products: null, categories: null } });
    mountSandbox(sandbox);
    const file = await scratchFile();
    const rateLimits = { ...liftedLimits(), products: { requests: 100_000, windowMs: 60_000 } };
    const { client } = makeClient({ rateLimits, quotaMemoryFile: file });

    const readsStarted = performance.now();
    await Promise.all(Array.from({ length: 100 }, () => collect(client.listProducts({ approved: true }))));
    await untilSlots(file, 1);
    const afterReads = saves.count;
    // At most one save a second while reads are answered (plus the first and one after the
    // last): counted against how long the reads took here, however busy the machine is.
    const intervals = Math.ceil((performance.now() - readsStarted) / 1_000);
    expect(afterReads).toBeGreaterThanOrEqual(1);
    expect(afterReads).toBeLessThanOrEqual(intervals + 2);

    // The write's save does not wait for the second the reads' throttle would.
    await client.submit('delete', [{ sku: 'LIVE-GONE' }]);
    await untilSlots(file, 101);
    // The write's own save, plus at most the one the reads' throttle still had pending.
    expect(saves.count).toBeLessThanOrEqual(afterReads + 2);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(TOKEN);

    await client.close();
    expect(saves.count).toBeLessThanOrEqual(afterReads + 3);
    expect(await productSlots(file)).toBe(101);
    expect(sandbox.requestLog().filter((e) => e.resource === 'products')).toHaveLength(101);
  });
});
