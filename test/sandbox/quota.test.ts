import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { call, manualClock, TOKEN, tshirt } from './helpers.js';

function quotaSandbox(extra: Parameters<typeof createSandbox>[0] = {}) {
  const clock = manualClock();
  const sandbox = createSandbox({ token: TOKEN, now: clock.now, ...extra });
  return { clock, sandbox };
}

describe('rolling-window quotas', () => {
  it('lets a burst of 10 product requests through and throttles the 11th with Retry-After and the DRF body', async () => {
    const { clock, sandbox } = quotaSandbox();
    for (let i = 0; i < 10; i++) {
      expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
      clock.advance(1000);
    }
    // First request at t=0, now t=10 s: the oldest leaves the window at t=60 s, 50 s from now.
    const eleventh = await call(sandbox, 'GET', '/api/i2/products/');
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get('retry-after')).toBe('50');
    expect(eleventh.body).toEqual({ detail: 'Request was throttled. Expected available in 50 seconds.', code: 'throttled' });
    expect(sandbox.requestLog().at(-1)).toMatchObject({ status: 429, throttled: true, resource: 'products' });
  });

  it('frees a slot exactly one window after the request that took it, and never counts throttled requests', async () => {
    const { clock, sandbox } = quotaSandbox();
    const start = clock.now();
    for (let i = 0; i < 10; i++) {
      clock.set(start + i * 100);
      expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    }
    clock.set(start + 59_999);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(429);
    clock.set(start + 60_000);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    // Only one slot came back (the request at +100 ms leaves at 60.1 s).
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(429);
    clock.set(start + 60_100);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    // The throttled attempts at 59.999 s and 60 s did not take slots: 10 counted now, no more.
    expect(sandbox.dumpState().quota.products).toBe(10);
  });

  it('shares one products quota across listing, writes, batch polls and search; categories and i1 are separate', async () => {
    const { sandbox } = quotaSandbox();
    const write = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('Q-1')]);
    expect(write.status).toBe(202);
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/i2/products/'],
      ['GET', `/api/i2/products/batch-requests/${write.body.id}`],
      ['GET', '/api/i2/products/search/?query=red'],
      ['POST', '/api/i2/products/stocks/', [{ sku: 'Q-1', stock: 1 }]],
      ['POST', '/api/i2/products/prices/', [{ sku: 'Q-1', price: '1.00' }]],
      ['POST', '/api/i2/products/prices-and-stocks/', [{ sku: 'Q-1', stock: 2 }]],
      ['DELETE', '/api/i2/products/', [{ sku: 'Q-1' }]],
      ['GET', '/api/i2/products/'],
      ['GET', '/api/i2/products/'],
    ];
    for (const [method, path, body] of calls) expect((await call(sandbox, method, path, body)).status).toBeLessThan(300);
    expect((await call(sandbox, 'GET', `/api/i2/products/batch-requests/${write.body.id}`)).status).toBe(429);
    expect((await call(sandbox, 'GET', '/api/i2/categories/')).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await call(sandbox, 'GET', '/api/i1/languages/')).status).toBe(200);
  });

  it('throttles categories at 30 per window', async () => {
    const { sandbox } = quotaSandbox();
    for (let i = 0; i < 30; i++) expect((await call(sandbox, 'GET', '/api/i2/categories/')).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/i2/categories/')).status).toBe(429);
  });

  it('does not count file downloads, which need no token', async () => {
    const { clock, sandbox } = quotaSandbox({ batchProcessingMs: 10 });
    const write = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('F-1')]);
    clock.advance(1000);
    const batch = await call(sandbox, 'GET', `/api/i2/products/batch-requests/${write.body.id}`);
    const errorPath = new URL(batch.body.error_file).pathname;
    for (let i = 0; i < 20; i++) expect((await call(sandbox, 'GET', errorPath, undefined, {})).status).toBe(200);
    expect(sandbox.dumpState().quota.products).toBe(2);
  });

  it('divides the window by the time scale', async () => {
    const { clock, sandbox } = quotaSandbox({ timeScale: 100 });
    for (let i = 0; i < 10; i++) await call(sandbox, 'GET', '/api/i2/products/');
    const throttled = await call(sandbox, 'GET', '/api/i2/products/');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    clock.advance(600);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
  });

  it('honours rate-limit overrides (a lifted quota never throttles)', async () => {
    const { sandbox } = quotaSandbox({ rateLimits: { products: { requests: 2, windowMs: 60_000 } } });
    await call(sandbox, 'GET', '/api/i2/products/');
    await call(sandbox, 'GET', '/api/i2/products/');
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(429);
    const lifted = quotaSandbox({ rateLimits: { products: null } }).sandbox;
    for (let i = 0; i < 30; i++) expect((await call(lifted, 'GET', '/api/i2/products/')).status).toBe(200);
  });

  it('sends Retry-After as an HTTP date or not at all when asked', async () => {
    const { clock, sandbox } = quotaSandbox({ variants: { retryAfter: 'http-date' } });
    for (let i = 0; i < 10; i++) await call(sandbox, 'GET', '/api/i2/products/');
    const dated = await call(sandbox, 'GET', '/api/i2/products/');
    expect(dated.status).toBe(429);
    expect(Date.parse(dated.headers.get('retry-after')!)).toBe(clock.now() + 60_000);
    const bare = quotaSandbox({ variants: { retryAfter: 'absent' } }).sandbox;
    for (let i = 0; i < 10; i++) await call(bare, 'GET', '/api/i2/products/');
    const absent = await call(bare, 'GET', '/api/i2/products/');
    expect(absent.status).toBe(429);
    expect(absent.headers.has('retry-after')).toBe(false);
    expect(absent.body.code).toBe('throttled');
  });

  it('does not count requests refused for authentication', async () => {
    const { sandbox } = quotaSandbox();
    for (let i = 0; i < 15; i++) await call(sandbox, 'GET', '/api/i2/products/', undefined, {});
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
  });
});
