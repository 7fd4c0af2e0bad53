/**
 * Reads under a storm follow the server's Retry-After and the outage bound, not an attempt
 * budget scaled to a time-scaled quota; and every wait is told when it starts.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { createClient } from '../../src/remote/client.js';
import type { WaitNotice } from '../../src/remote/wait-notice.js';
import { describeWait } from '../../src/remote/wait-notice.js';
import { BASE, collect, liftedLimits, makeClient, TOKEN, virtualClock } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PRODUCTS = `${BASE}/i2/products/`;
const PAGE = { count: 1, next: null, previous: null, results: [{ sku: 'A', name: 'A', base_code: 'A', category: 'c', attributes: {} }] };
const THROTTLED = () =>
  HttpResponse.json(
    { detail: 'Request was throttled. Expected available in 1 second.', code: 'throttled' },
    { status: 429, headers: { 'retry-after': '1' } },
  );

describe('reads under a storm', () => {
  it('five 429s on one page (Retry-After 1 s) do not end a read against a time-scaled quota', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return calls <= 5 ? THROTTLED() : HttpResponse.json(PAGE);
      }),
    );
    // 10 requests per 600 ms: a server 100 times faster than the documented minute. The retry
    // policy is the default one, scaled by that factor (as `shelf` builds it).
    const products: RateLimit = { requests: 10, windowMs: 600 };
    const client = createClient({ baseUrl: BASE, token: TOKEN }, { rateLimits: { ...liftedLimits(), products } });
    const got = await collect(client.listProducts({ approved: true }));
    expect(got.map((p) => p.sku)).toEqual(['A']);
    expect(calls).toBe(6);
    expect(client.counters().throttled).toBe(5);
    await client.close();
  });

  it('a read keeps following 429s past the old attempt count of 8', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return calls <= 12 ? HttpResponse.json({}, { status: 503, headers: { 'retry-after': '2' } }) : HttpResponse.json(PAGE);
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { maxAttempts: 8, maxDelayMs: 30_000, outageMs: 180_000 } });
    await collect(client.listProducts({ approved: true }));
    expect(calls).toBe(13);
    expect(clock.sleeps).toEqual(Array(12).fill(2_000));
    await client.close();
  });
});

describe('wait notices', () => {
  it('a retry is told before its wait starts, with what failed and for how long', async () => {
    const timeline: string[] = [];
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        timeline.push(`request ${calls}`);
        return calls === 1 ? HttpResponse.json({}, { status: 503, headers: { 'retry-after': '8' } }) : HttpResponse.json(PAGE);
      }),
    );
    const clock = virtualClock();
    const notices: WaitNotice[] = [];
    const { client, debug } = makeClient({
      clock,
      retry: { maxDelayMs: 30_000, outageMs: 60_000 },
      onWait: (n) => {
        notices.push(n);
        timeline.push(`notice after ${clock.sleeps.length} sleeps`);
      },
    });
    await collect(client.listProducts({ approved: true }));
    expect(timeline).toEqual(['request 1', 'notice after 0 sleeps', 'request 2']);
    expect(notices[0]).toMatchObject({ kind: 'retry', method: 'GET', ms: 8_000, after: '503', retry: 1 });
    expect(debug).toContain('retrying GET https://seller.test/api/i2/products/ in 8 s after 503');
    await client.close();
  });

  it('a quota wait is told when it starts, with its expected length and the quota', async () => {
    const timeline: string[] = [];
    server.use(
      http.get(PRODUCTS, () => {
        timeline.push('request');
        return HttpResponse.json(PAGE);
      }),
    );
    const products: RateLimit = { requests: 2, windowMs: 1_200 };
    const notices: WaitNotice[] = [];
    const { client, debug } = makeClient({
      rateLimits: { ...liftedLimits(), products },
      onWait: (n) => {
        notices.push(n);
        timeline.push('notice');
      },
    });
    await collect(client.listProducts({ approved: true }));
    await collect(client.listProducts({ approved: true }));
    await collect(client.listProducts({ approved: true }));
    expect(timeline).toEqual(['request', 'request', 'notice', 'request']);
    expect(notices[0]).toMatchObject({ kind: 'quota', resource: 'products', limit: products });
    expect((notices[0] as { ms: number }).ms).toBeGreaterThan(600);
    expect(debug.some((l) => /^waiting (\d+ ms|1 s) for the i2\/products quota \(2\/1200ms\)$/.test(l))).toBe(true);
    await client.close();
  });

  it('describes waits in words', () => {
    expect(describeWait({ kind: 'quota', resource: 'products', ms: 47_200, limit: { requests: 10, windowMs: 60_000 } })).toBe(
      'waiting 47 s for the i2/products quota (10/min)',
    );
    expect(
      describeWait({ kind: 'retry', method: 'GET', url: 'https://s.test/api/i2/products/', ms: 8_000, after: '503', retry: 2 }),
    ).toBe('retrying GET https://s.test/api/i2/products/ in 8 s after 503');
  });
});
