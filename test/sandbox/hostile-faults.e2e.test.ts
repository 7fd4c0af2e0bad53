/**
 * The faults that reproduce a misbehaving API from the CLI: an outage window, a token revoked
 * from a given time, hung headers, a trickled body, a bogus `count`, a `next` pointing to its
 * own page, and the storm with half of its drops after the work was done.
 */
import { describe, expect, it } from 'vitest';
import { startSandboxServer } from '../../src/sandbox/index.js';
import { parseSandboxSpec } from '../../src/sandbox/spec.js';
import { call, makeSandbox, manualClock, TOKEN, tshirt } from './helpers.js';

describe('--faults settings for a hostile API', () => {
  it('parses the storm preset, outages, revocation, hang, trickle and the listing switches', () => {
    const spec = parseSandboxSpec('storm,seed=3,outage=10s@30s,outage=500ms@2m,revoke=45s-2m,hang=0.01,trickle=0.02,trickle-ms=250,bogus-count,next-self=on');
    expect(spec.errors).toEqual([]);
    expect(spec.faults).toEqual({
      rate429: 0.3,
      rate5xx: 0.1,
      rateDrop: 0.03,
      dropAfter: 0.5,
      seed: 3,
      outages: [
        { startMs: 30_000, durationMs: 10_000 },
        { startMs: 120_000, durationMs: 500 },
      ],
      revokedFromMs: 45_000,
      revokedUntilMs: 120_000,
      rateHang: 0.01,
      rateTrickle: 0.02,
      trickleMs: 250,
    });
    expect(spec.variants).toEqual({ bogusCount: true, nextSelf: true });
  });

  it('names bad durations', () => {
    const spec = parseSandboxSpec('outage=10s,revoke=2m-1m,outage=x@1s');
    expect(spec.errors).toHaveLength(3);
  });
});

describe('time-bound faults (sandbox clock since start)', () => {
  it('an outage drops every /api connection during its window only, carrying nothing out', async () => {
    const clock = manualClock();
    const sandbox = makeSandbox({ now: clock.now, faults: { outages: [{ startMs: 30_000, durationMs: 10_000 }] } });
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    clock.advance(30_000);
    const dropped = await sandbox.handle(new Request('https://sandbox.test/api/i2/products/', { method: 'POST', headers: { authorization: TOKEN }, body: JSON.stringify([tshirt('O-1')]) }));
    expect(dropped.type).toBe('error');
    expect(sandbox.dumpState().batches).toEqual([]);
    clock.advance(10_000);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    expect(sandbox.requestLog().map((e) => e.fault ?? '')).toEqual(['', 'outage', '']);
  });

  it('a revoked token is refused with 401 from its time on, until the end of the revocation', async () => {
    const clock = manualClock();
    const sandbox = makeSandbox({ now: clock.now, faults: { revokedFromMs: 5_000, revokedUntilMs: 8_000 } });
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    clock.advance(5_000);
    const refused = await call(sandbox, 'GET', '/api/i2/products/');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('authentication_failed');
    clock.advance(3_000);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
  });
});

describe('listing faults', () => {
  it('bogus-count says 10^9 while next stays right', async () => {
    const sandbox = makeSandbox({ variants: { bogusCount: true } });
    sandbox.seed({ products: [tshirt('C-1'), tshirt('C-2', 'Blue')] });
    const page = await call(sandbox, 'GET', '/api/i2/products/?limit=1');
    expect(page.body.count).toBe(1_000_000_000);
    expect(page.body.next).toContain('page=2');
    const last = await call(sandbox, 'GET', '/api/i2/products/?limit=1&page=2');
    expect(last.body.next).toBeNull();
  });

  it('next-self points a page to itself while more remain', async () => {
    const sandbox = makeSandbox({ variants: { nextSelf: true } });
    sandbox.seed({ products: [tshirt('N-1'), tshirt('N-2', 'Blue')] });
    const page = await call(sandbox, 'GET', '/api/i2/products/?limit=1');
    expect(page.body.next).toBe('https://sandbox.test/api/i2/products/?limit=1');
  });
});

describe('storm drops after the work', () => {
  it('drop-after=1 turns every drop into a lost answer: the write was carried out', async () => {
    const sandbox = makeSandbox({ faults: { rateDrop: 1, dropAfter: 1 } });
    const res = await sandbox.handle(new Request('https://sandbox.test/api/i2/products/', { method: 'POST', headers: { authorization: TOKEN }, body: JSON.stringify([tshirt('L-1')]) }));
    expect(res.type).toBe('error');
    expect(sandbox.dumpState().batches).toHaveLength(1);
    expect(sandbox.requestLog()[0]!.fault).toBe('lost');
  });

  it('drop-after=0.5 splits the drops about in half', async () => {
    const sandbox = makeSandbox({ faults: { rateDrop: 1, dropAfter: 0.5, seed: 11 } });
    for (let i = 0; i < 200; i++) await sandbox.handle(new Request('https://sandbox.test/api/i2/products/', { headers: { authorization: TOKEN } }));
    const lost = sandbox.requestLog().filter((e) => e.fault === 'lost').length;
    expect(lost).toBeGreaterThan(70);
    expect(lost).toBeLessThan(130);
  });
});

describe('hangs over HTTP', () => {
  it('hang: no headers until the client gives up', async () => {
    const sandbox = makeSandbox({ faults: { rateHang: 1 } });
    const server = await startSandboxServer(sandbox);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 150);
    await expect(fetch(`${server.url}/i2/products/`, { headers: { authorization: TOKEN }, signal: controller.signal })).rejects.toThrow();
    clearTimeout(timer);
    // The server notices the closed connection a moment later, then logs the request.
    for (let i = 0; i < 2000 && sandbox.requestLog().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sandbox.requestLog().map((e) => e.fault)).toEqual(['hang']);
    await server.close();
  });

  it('trickle: headers at once, then the body one byte at a time', async () => {
    const sandbox = makeSandbox({ faults: { rateTrickle: 1, trickleMs: 2 } });
    const server = await startSandboxServer(sandbox);
    const res = await fetch(`${server.url}/i1/languages/`, { headers: { authorization: TOKEN } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const sizes: number[] = [];
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      sizes.push(chunk.value.length);
      text += new TextDecoder().decode(chunk.value);
    }
    expect(JSON.parse(text).count).toBe(2);
    expect(sizes.length).toBeGreaterThan(10);
    await server.close();
  });
});
