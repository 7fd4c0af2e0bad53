/**
 * The rolling-window limiter, in scaled time: a burst of N, then N per window, zero 429s from
 * the sandbox counting the same window, priorities, and the 429 pause with a lone probe.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { inferTimeScale } from '../../src/remote/client.js';
import { parseRetryAfter, throttledFor } from '../../src/remote/retry-after.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BASE, collect, liftedLimits, makeClient, maxInAnyWindow, ORIGIN, T_SHIRTS, TOKEN } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The documented 10 requests a minute at time scale 200: a 300 ms window. */
const SCALE = 200;
const PRODUCTS_QUOTA: RateLimit = { requests: 10, windowMs: 60_000 / SCALE };

function mountSandbox(sandbox: Sandbox) {
  server.use(http.all(`${ORIGIN}/*`, ({ request }) => sandbox.handle(request)));
}

/** Requests (by sandbox time) falling in consecutive windows that start at the first one. */

describe('rolling window against the sandbox', () => {
  it('25 reads: a burst of 10, then 10 per window, never a 429', async () => {
    const sandbox = createSandbox({ token: TOKEN, timeScale: SCALE });
    mountSandbox(sandbox);
    const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: PRODUCTS_QUOTA } });
    await Promise.all(Array.from({ length: 25 }, () => collect(client.listProducts({ approved: true }))));
    const log = sandbox.requestLog().filter((e) => e.resource === 'products');
    const times = log.map((e) => Date.parse(e.time));
    expect(log).toHaveLength(25);
    expect(log.filter((e) => e.throttled)).toEqual([]);
    expect(client.counters()).toMatchObject({ throttled: 0, retried: 0, requests: { products: 25 } });
    // The first 10 take the free slots; every later one waits until the one ten before it has
    // left the server's window (however slowly the machine sent the first ones).
    expect(times.slice(10).every((t, i) => t - times[i]! >= PRODUCTS_QUOTA.windowMs)).toBe(true);
    expect(maxInAnyWindow(times, PRODUCTS_QUOTA.windowMs)).toBeLessThanOrEqual(10);
    await client.close();
  });

  it('reads, writes and polls share one quota: a small apply-like run gets no 429', async () => {
    const sandbox = createSandbox({ token: TOKEN, timeScale: SCALE, batchProcessingMs: 2_000 });
    mountSandbox(sandbox);
    const { client } = makeClient({
      rateLimits: { ...liftedLimits(), products: PRODUCTS_QUOTA },
      poll: { minDelayMs: 1, baseMs: 5, maxDelayMs: 15 },
    });
    const batches = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (n) => {
        const skus = [`Q-${n}-A`, `Q-${n}-B`];
        const id = await client.submit(
          'products',
          skus.map((sku) => ({
            sku,
            name: sku,
            base_code: `Q-${n}`,
            category: T_SHIRTS,
            attributes: { COLOR: 'Red', SIZE: sku.endsWith('A') ? 'S' : 'M' },
          })),
        );
        return client.waitForBatch(id, 'products', skus);
      }),
    );
    expect(batches.map((b) => b.state)).toEqual(Array(6).fill('succeeded'));
    expect((await collect(client.listProducts())).length).toBe(12);
    const log = sandbox.requestLog().filter((e) => e.resource === 'products');
    expect(log.some((e) => e.throttled)).toBe(false);
    expect(log.length).toBeGreaterThan(PRODUCTS_QUOTA.requests);
    expect(maxInAnyWindow(log.map((e) => Date.parse(e.time)), PRODUCTS_QUOTA.windowMs)).toBeLessThanOrEqual(10);
    await client.close();
  });
});

describe('priorities', () => {
  it('while the quota is spent, a queued write goes before a read, and a read before a poll', async () => {
    const order: string[] = [];
    server.use(
      http.get(`${BASE}/i2/products/batch-requests/:id`, ({ params }) => {
        order.push(`poll ${params.id}`);
        return HttpResponse.json({ id: params.id, status: 'processing' });
      }),
      http.get(`${BASE}/i2/products/`, () => {
        order.push('read');
        return HttpResponse.json({ count: 0, next: null, results: [] });
      }),
      http.post(`${BASE}/i2/products/stocks/`, () => {
        order.push('write');
        return HttpResponse.json({ id: 'w' }, { status: 202 });
      }),
    );
    // A window long enough that all three are queued before the token comes back, however busy the machine.
    const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: { requests: 1, windowMs: 500 } } });
    await client.getBatch('first'); // spends the only token for one window
    const queued = [
      client.getBatch('later'),
      collect(client.listProducts({ approved: true })),
      client.submit('stocks', [{ sku: 'A', stock: 1 }]),
    ];
    await Promise.all(queued);
    expect(order).toEqual(['poll first', 'write', 'read', 'poll later']);
    await client.close();
  });
});

describe('interruption and time scale', () => {
  it('a request waiting for the quota is interrupted at once, and its token is not lost', async () => {
    server.use(http.get(`${BASE}/i2/products/batch-requests/:id`, ({ params }) => HttpResponse.json({ id: params.id, status: 1 })));
    const controller = new AbortController();
    const { client } = makeClient({
      signal: controller.signal,
      rateLimits: { ...liftedLimits(), products: { requests: 1, windowMs: 150 } },
    });
    await client.getBatch('first');
    const queued = client.getBatch('queued');
    controller.abort(new Error('received SIGINT'));
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    // Only the one request went out; the interrupted one never reached the API.
    expect(client.counters().requests.products).toBe(1);
    await client.close();
  });

  it('the time scale of a sandbox is read from its quota window', () => {
    expect(inferTimeScale({ products: { requests: 10, windowMs: 600 } })).toBe(100);
    expect(inferTimeScale({ products: { requests: 10, windowMs: 60_000 } })).toBe(1);
    expect(inferTimeScale({ products: { requests: 5, windowMs: 120_000 } })).toBe(1);
    expect(inferTimeScale({})).toBe(1);
  });
});

describe('429', () => {
  it('pauses the whole resource, then sends one probe alone before the others follow', async () => {
    let inFlight = 0;
    const events: string[] = [];
    let throttledOnce = false;
    server.use(
      http.get(`${BASE}/i2/products/batch-requests/:id`, async ({ params }) => {
        if (!throttledOnce) {
          throttledOnce = true;
          events.push(`429 ${params.id}`);
          return HttpResponse.json({ detail: 'Request was throttled.', code: 'throttled' }, { status: 429, headers: { 'retry-after': '1' } });
        }
        inFlight += 1;
        events.push(`start ${params.id} (${inFlight} in flight)`);
        await new Promise((r) => setTimeout(r, 15));
        inFlight -= 1;
        events.push(`end ${params.id}`);
        return HttpResponse.json({ id: params.id, status: 'succeeded' });
      }),
    );
    // Retry-After 1 s is capped at the (scaled) window: a slot frees within one window.
    const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: { requests: 100, windowMs: 80 } } });
    const first = client.getBatch('a');
    await new Promise((r) => setTimeout(r, 10)); // let 'a' be throttled
    const rest = ['b', 'c', 'd'].map((id) => client.getBatch(id));
    await Promise.all([first, ...rest]);
    expect(events[0]).toBe('429 a');
    // The probe runs alone: the next event after its start is its own end.
    expect(events[1]).toMatch(/^start \w \(1 in flight\)$/);
    expect(events[2]).toBe(`end ${events[1]!.split(' ')[1]}`);
    expect(client.counters()).toMatchObject({ throttled: 1, retried: 1 });
    await client.close();
  });

  it.each(['seconds', 'http-date', 'absent'] as const)(
    'Retry-After as %s: injected 429s are retried until every request succeeds',
    async (retryAfter) => {
      const sandbox = createSandbox({
        token: TOKEN,
        timeScale: 1000,
        variants: { retryAfter },
        faults: { rate429: 0.3, seed: 11 },
      });
      mountSandbox(sandbox);
      const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: { requests: 10, windowMs: 60 } } });
      const pages = await Promise.all(Array.from({ length: 12 }, () => collect(client.listProducts({ approved: true }))));
      expect(pages).toHaveLength(12);
      const throttled = sandbox.requestLog().filter((e) => e.throttled).length;
      expect(throttled).toBeGreaterThan(0);
      expect(client.counters().throttled).toBe(throttled);
      expect(client.counters().retried).toBe(throttled);
      await client.close();
    },
  );

  it('a bare 429 (no Retry-After, no body) holds the resource until our oldest request leaves the window', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${BASE}/i2/products/batch-requests/:id`, () => {
        arrivals.push(performance.now());
        return arrivals.length === 3
          ? new HttpResponse(null, { status: 429 })
          : HttpResponse.json({ id: 'b', status: 'succeeded' });
      }),
    );
    const window = 120;
    const { client } = makeClient({ rateLimits: { ...liftedLimits(), products: { requests: 5, windowMs: window } } });
    await client.getBatch('1');
    await client.getBatch('2');
    await client.getBatch('3'); // throttled once, then retried
    expect(arrivals).toHaveLength(4);
    // The retry waited for the first request's window to pass (as the server would count it).
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(window);
    expect(client.counters()).toMatchObject({ throttled: 1, retried: 1 });
    await client.close();
  });

  it('reads the wait from a throttled body when the header is missing', () => {
    expect(throttledFor('{"detail": "Request was throttled. Expected available in 12 seconds.", "code": "throttled"}')).toBe(
      12_000,
    );
    expect(throttledFor('{"detail": "Expected available in 1 second."}')).toBe(1000);
    expect(throttledFor('')).toBeUndefined();
  });

  it('parses Retry-After in seconds and as an HTTP date against the server clock', () => {
    expect(parseRetryAfter('7', null)).toBe(7000);
    expect(parseRetryAfter('0.25', null)).toBe(250);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', 'Sun, 22 Nov 2026 10:00:00 GMT', 0)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', null, Date.parse('2026-11-22T10:00:10Z'))).toBe(20_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', 'Sun, 22 Nov 2026 10:00:00 GMT')).toBe(0);
    expect(parseRetryAfter(null, null)).toBeUndefined();
    expect(parseRetryAfter('soon', null)).toBeUndefined();
  });
});
