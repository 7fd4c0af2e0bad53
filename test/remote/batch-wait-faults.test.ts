/**
 * A failed poll never ends a batch wait: polls that meet 429s, 5xx, dropped connections or an
 * outage shorter than the bound are followed by more polls until the batch ends. The wait ends
 * early only for an outage beyond the bound (unknown, cause unreachable), a 404 (gone) or a
 * 401/403 (unknown, cause auth, at once). Time is a virtual clock: minutes cost nothing.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE, makeClient, virtualClock } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BATCH = (id: string) => `${BASE}/i2/products/batch-requests/${id}`;
const START = Date.parse('2026-03-01T10:00:00Z');
/** The documented bounds, on the virtual clock: back-off up to 30 s, outage bound 3 min. */
const REAL_RETRY = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000, outageMs: 180_000 };
const REAL_POLL = { baseMs: 3_000, perItemMs: 10, minDelayMs: 2_000, maxDelayMs: 30_000, maxWaitMs: 30 * 60_000 };

describe('waitForBatch under failing polls', () => {
  it('429s, 5xx and dropped connections on every other poll, beyond any attempt count: the batch is still followed to its end', async () => {
    let polls = 0;
    const failures = [
      () => HttpResponse.json({ detail: 'Request was throttled. Expected available in 1 second.' }, { status: 429, headers: { 'retry-after': '1' } }),
      () => HttpResponse.json({ detail: 'Unexpected error' }, { status: 503 }),
      () => HttpResponse.error(),
    ];
    server.use(
      http.get(BATCH('b'), () => {
        polls += 1;
        // Twelve failures in a row (more than the old budget of 8 attempts), then an answer.
        if (polls <= 12) return failures[polls % 3]!();
        return HttpResponse.json({ id: 'b', status: polls < 15 ? 'processing' : 'succeeded' });
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'stocks', ['A', 'B']);
    expect(result.state).toBe('succeeded');
    expect(polls).toBe(15);
    await client.close();
  });

  it('an outage of 2 minutes is ridden out', async () => {
    const clock = virtualClock();
    server.use(
      http.get(BATCH('b'), () => {
        const t = clock.elapsed();
        if (t >= 5_000 && t < 125_000) return HttpResponse.error();
        return HttpResponse.json({ id: 'b', status: t < 130_000 ? 'processing' : 'succeeded' });
      }),
    );
    const { client } = makeClient({ clock, retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(result.state).toBe('succeeded');
    await client.close();
  });

  it('a longer outage ends the wait within 5 minutes: unknown, cause unreachable, since when', async () => {
    const clock = virtualClock();
    let downAt: number | undefined;
    server.use(
      http.get(BATCH('b'), () => {
        if (clock.elapsed() < 10_000) return HttpResponse.json({ id: 'b', status: 'processing' });
        downAt ??= clock.now();
        return HttpResponse.error();
      }),
    );
    const { client, debug } = makeClient({ clock, retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(result.state).toBe('unknown');
    expect(result.cause).toBe('unreachable');
    expect(result.unreachableSince).toBe(new Date(downAt!).toISOString());
    expect(clock.now() - downAt!).toBeGreaterThanOrEqual(120_000);
    expect(clock.now() - downAt!).toBeLessThanOrEqual(300_000);
    expect(result.problem).toMatch(/unreachable since/);
    // Each retry was announced when it started.
    expect(debug.some((l) => /^retrying GET https:\/\/seller\.test\/api\/i2\/products\/batch-requests\/b in \d+ (ms|s) after /.test(l))).toBe(true);
    await client.close();
  });

  it('404: the batch is gone (its own state), after one poll', async () => {
    let polls = 0;
    server.use(
      http.get(BATCH('b'), () => {
        polls += 1;
        return HttpResponse.json({ detail: 'Not found.', code: 'not_found' }, { status: 404 });
      }),
    );
    const { client } = makeClient({ clock: virtualClock(), retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'delete', ['A', 'B']);
    expect(result.state).toBe('gone');
    expect(result.failures).toEqual([]);
    expect(result.skus).toEqual(['A', 'B']);
    expect(polls).toBe(1);
    await client.close();
  });

  it('401 while polling (the token was revoked): unknown with the auth reason at once, no retry storm', async () => {
    let polls = 0;
    server.use(
      http.get(BATCH('b'), () => {
        polls += 1;
        return polls === 1
          ? HttpResponse.json({ id: 'b', status: 'processing' })
          : HttpResponse.json({ detail: 'Invalid token.', code: 'authentication_failed' }, { status: 401 });
      }),
    );
    const { client } = makeClient({ clock: virtualClock(), retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'products', ['A']);
    expect(result.state).toBe('unknown');
    expect(result.cause).toBe('auth');
    expect(result.problem).toContain('refused the token (401)');
    expect(polls).toBe(2);
    await client.close();
  });

  it('the outage clock is the injected one: unreachableSince is its time, not the wall clock', async () => {
    const clock = virtualClock(START + 3_600_000);
    server.use(http.get(BATCH('b'), () => HttpResponse.json({}, { status: 502 })));
    const { client } = makeClient({ clock, retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(result.cause).toBe('unreachable');
    expect(Date.parse(result.unreachableSince!)).toBeGreaterThanOrEqual(START + 3_600_000);
    expect(Date.parse(result.unreachableSince!)).toBeLessThan(START + 3_600_000 + 60_000);
    await client.close();
  });

  it('an error file that fails five times (429 with Retry-After, 5xx, dropped) is still read', async () => {
    let downloads = 0;
    server.use(
      http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 'partially_succeeded', error_file: 'https://cdn.test/e.json' })),
      http.get('https://cdn.test/e.json', () => {
        downloads += 1;
        if (downloads === 1) return HttpResponse.json({}, { status: 429, headers: { 'retry-after': '3' } });
        if (downloads <= 3) return HttpResponse.json({}, { status: 502 });
        if (downloads <= 5) return HttpResponse.error();
        return HttpResponse.json([{ sku: 'B', errors: [{ stock: 'Ensure this value is greater than or equal to 0.' }] }]);
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: REAL_RETRY, poll: REAL_POLL });
    const result = await client.waitForBatch('b', 'stocks', ['A', 'B']);
    expect(result.state).toBe('partially_succeeded');
    expect(result.failures.map((f) => f.sku)).toEqual(['B']);
    expect(result.problem).toBeUndefined();
    expect(downloads).toBe(6);
    expect(clock.sleeps).toContain(3_000);
    await client.close();
  });
});
