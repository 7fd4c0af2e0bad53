/**
 * The quota memory: what is written and read back (round trip, expiry, corrupt files, merge of
 * several writers, no token), and against the sandbox that a second client starting right
 * after a first one spends no slot the server still counts (with a control run without it).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { windowMargin } from '../../src/remote/quota.js';
import {
  parseQuotaMemory,
  QUOTA_MEMORY_VERSION,
  quotaMemoryPath,
  rememberedSlots,
  saveQuotaMemory,
} from '../../src/remote/quota-memory.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { collect, liftedLimits, makeClient, maxInAnyWindow, ORIGIN, TOKEN } from './helpers.js';

const W = 300;
const LIMITS: Record<'products', RateLimit> = { products: { requests: 10, windowMs: W } };
/** Epoch milliseconds = performance.now() + OFFSET, fixed so the arithmetic can be checked exactly. */
const OFFSET = 1_700_000_000_000;
const M = windowMargin(W);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The documented 10 requests a minute at time scale 150: a 400 ms window. */
const QUOTA: RateLimit = { requests: 10, windowMs: 400 };

function mountSandbox(sandbox: Sandbox) {
  server.use(http.all(`${ORIGIN}/*`, ({ request }) => sandbox.handle(request)));
}

async function scratchFile(): Promise<string> {
  return quotaMemoryPath(await mkdtemp(join(tmpdir(), 'shelf-quota-memory-')));
}

describe('quota memory file', () => {
  it('round trip: saved slots come back as the times they may be used again, on the limiter clock', async () => {
    const file = await scratchFile();
    const now = OFFSET + 1_000;
    const saved = await saveQuotaMemory(file, ORIGIN, 'a', [{ resource: 'products', windowMs: W, countedAt: [900, 950] }], now, OFFSET);
    expect(saved).toEqual({ saved: true });
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({ products: [900 + W + M, 950 + W + M] });
    // Another origin, or a resource this process has no quota for, starts empty.
    expect(rememberedSlots(file, 'https://other.test', LIMITS, now, OFFSET)).toEqual({});
    expect(rememberedSlots(file, ORIGIN, {}, now, OFFSET)).toEqual({});
    // The reader's clock may differ: the epoch times are what carries over.
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET + 500)).toEqual({ products: [400 + W + M, 450 + W + M] });
  });

  it('drops requests that have left their window, when reading and when writing', async () => {
    const file = await scratchFile();
    const now = OFFSET + 1_000;
    await saveQuotaMemory(file, ORIGIN, 'a', [{ resource: 'products', windowMs: W, countedAt: [600, 800] }], now, OFFSET);
    // 600 + W + M = 902: gone 5 ms later; 800 stays until 1102.
    expect(rememberedSlots(file, ORIGIN, LIMITS, OFFSET + 905, OFFSET)).toEqual({ products: [800 + W + M] });
    expect(rememberedSlots(file, ORIGIN, LIMITS, OFFSET + 1_200, OFFSET)).toEqual({});
    await saveQuotaMemory(file, ORIGIN, 'b', [{ resource: 'products', windowMs: W, countedAt: [1_000] }], OFFSET + 1_050, OFFSET);
    const entries = parseQuotaMemory(await readFile(file, 'utf8'));
    expect(entries.map((e) => [e.writer, e.counted_at])).toEqual([
      ['a', [OFFSET + 800]],
      ['b', [OFFSET + 1_000]],
    ]);
  });

  it('a time in the future holds a slot for one window at most', async () => {
    const file = await scratchFile();
    const now = OFFSET + 1_000;
    await saveQuotaMemory(file, ORIGIN, 'a', [{ resource: 'products', windowMs: W, countedAt: [1_000 + 3_600_000] }], now, OFFSET);
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({ products: [1_000 + W + M] });
  });

  it('ignores a missing, corrupt or foreign-version file, and replaces it on the next save', async () => {
    const file = await scratchFile();
    const now = OFFSET + 1_000;
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({});
    await saveQuotaMemory(file, ORIGIN, 'a', [{ resource: 'products', windowMs: W, countedAt: [990] }], now, OFFSET);
    for (const text of ['{ not json', 'null', '[1,2]', JSON.stringify({ shelf_quota_memory: 99, entries: [] })]) {
      await writeFile(file, text);
      expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({});
    }
    // Entries that are not entries are skipped one by one; the good one is kept.
    const good = { origin: ORIGIN, resource: 'products', writer: 'x', window_ms: W, counted_at: [OFFSET + 990] };
    const bad = [{ ...good, counted_at: ['soon'] }, { ...good, resource: 'orders' }, { ...good, window_ms: -1 }, 'text'];
    await writeFile(file, JSON.stringify({ shelf_quota_memory: QUOTA_MEMORY_VERSION, entries: [...bad, good] }));
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({ products: [990 + W + M] });
    await writeFile(file, '\u0000garbage');
    expect(await saveQuotaMemory(file, ORIGIN, 'a', [{ resource: 'products', windowMs: W, countedAt: [995] }], now, OFFSET)).toEqual({ saved: true });
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET)).toEqual({ products: [995 + W + M] });
  });

  it('merges on save: each writer replaces only its own entry; other writers and origins are kept', async () => {
    const file = await scratchFile();
    const now = OFFSET + 1_000;
    const slots = (countedAt: number[]) => [{ resource: 'products' as const, windowMs: W, countedAt }];
    await saveQuotaMemory(file, ORIGIN, 'plan', slots([900]), now, OFFSET);
    await saveQuotaMemory(file, 'https://other.test', 'elsewhere', slots([910]), now, OFFSET);
    await saveQuotaMemory(file, ORIGIN, 'apply', slots([920, 930]), now, OFFSET);
    await saveQuotaMemory(file, ORIGIN, 'plan', slots([900, 940]), now, OFFSET); // the same writer again: no duplicate
    const entries = parseQuotaMemory(await readFile(file, 'utf8'));
    expect(entries.map((e) => [e.origin, e.writer, e.counted_at.map((t) => t - OFFSET)])).toEqual([
      ['https://other.test', 'elsewhere', [910]],
      [ORIGIN, 'apply', [920, 930]],
      [ORIGIN, 'plan', [900, 940]],
    ]);
    expect(rememberedSlots(file, ORIGIN, LIMITS, now, OFFSET).products?.sort((a, b) => a - b)).toEqual(
      [900, 920, 930, 940].map((t) => t + W + M),
    );
  });

  it('a client records its requests under the origin on close, never the token; nothing sent, nothing written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-quota-memory-'));
    const file = quotaMemoryPath(dir);
    const idle = makeClient({ quotaMemoryFile: file });
    await idle.client.close();
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });

    const sandbox = createSandbox({ token: TOKEN, timeScale: 150 });
    mountSandbox(sandbox);
    const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: QUOTA }, quotaMemoryFile: file });
    await Promise.all([0, 1, 2].map(() => collect(client.listProducts({ approved: true }))));
    await client.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('s3cr3t');
    const entries = parseQuotaMemory(text);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ origin: ORIGIN, resource: 'products', window_ms: QUOTA.windowMs });
    expect(entries[0]!.counted_at).toHaveLength(3);
  });
});

/** Client A sends 10 reads and closes; client B, created at once, sends 10 more. */
async function twoClients(memory: { a?: string; b?: string }) {
  const sandbox = createSandbox({ token: TOKEN, timeScale: 60_000 / QUOTA.windowMs });
  mountSandbox(sandbox);
  const rateLimits = { ...liftedLimits(), products: QUOTA };
  const a = makeClient({ rateLimits, ...(memory.a ? { quotaMemoryFile: memory.a } : {}) });
  await Promise.all(Array.from({ length: 10 }, () => collect(a.client.listProducts({ approved: true }))));
  await a.client.close();
  const b = makeClient({ rateLimits, ...(memory.b ? { quotaMemoryFile: memory.b } : {}) });
  await Promise.all(Array.from({ length: 10 }, () => collect(b.client.listProducts({ approved: true }))));
  await b.client.close();
  const log = sandbox.requestLog().filter((e) => e.resource === 'products');
  return { log, b: b.client.counters() };
}

describe('quota memory against the sandbox', () => {
  it('a client started right after another spends no slot the server still counts: zero 429s', async () => {
    const file = await scratchFile();
    const { log, b } = await twoClients({ a: file, b: file });
    expect(log).toHaveLength(20);
    expect(log.filter((e) => e.throttled)).toEqual([]);
    expect(b).toMatchObject({ throttled: 0, retried: 0, requests: { products: 10 } });
    expect(maxInAnyWindow(log.map((e) => Date.parse(e.time)), QUOTA.windowMs)).toBeLessThanOrEqual(10);
  });

  it('control: without the memory the second client draws 429s', async () => {
    const { log, b } = await twoClients({});
    expect(log.filter((e) => e.throttled).length).toBeGreaterThan(0);
    expect(b.throttled).toBeGreaterThan(0);
  });
});
