import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxFaults } from '../../src/sandbox/index.js';
import { BASE, call, makeSandbox, TOKEN, tshirt } from './helpers.js';

const NOISY: Partial<SandboxFaults> = { rate429: 0.15, rate5xx: 0.15, rateDrop: 0.15, rateMalformed: 0.2, seed: 7 };

async function outcomes(faults: Partial<SandboxFaults>, n = 60): Promise<string[]> {
  const sandbox = makeSandbox({ faults });
  for (let i = 0; i < n; i++) await sandbox.handle(new Request(`${BASE}/api/i2/products/`, { headers: { authorization: TOKEN } }));
  return sandbox.requestLog().map((e) => `${e.status}:${e.fault ?? ''}`);
}

describe('fault injection', () => {
  it('is reproducible: the same seed gives the same faults, another seed others', async () => {
    const first = await outcomes(NOISY);
    expect(await outcomes(NOISY)).toEqual(first);
    expect(await outcomes({ ...NOISY, seed: 8 })).not.toEqual(first);
    for (const kind of ['throttle', '5xx', 'drop', 'malformed']) {
      expect(first.some((o) => o.endsWith(`:${kind}`))).toBe(true);
    }
    expect(first.some((o) => o === '200:')).toBe(true);
  });

  it('answers an injected 5xx before doing anything: the write is not accepted', async () => {
    const sandbox = makeSandbox({ faults: { rate5xx: 1 } });
    const reply = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('F-1')]);
    expect([500, 502, 503, 504]).toContain(reply.status);
    expect(reply.body).toEqual({ detail: 'Unexpected error' });
    expect(sandbox.dumpState().batches).toEqual([]);
  });

  it('answers an injected 429 like a real throttle without using quota', async () => {
    const sandbox = createSandbox({ token: TOKEN, faults: { rate429: 1 } });
    for (let i = 0; i < 12; i++) {
      const reply = await call(sandbox, 'GET', '/api/i2/products/');
      expect(reply.status).toBe(429);
      expect(reply.headers.get('retry-after')).toBe('60');
      expect(reply.body.code).toBe('throttled');
    }
    expect(sandbox.dumpState().quota.products).toBe(0);
  });

  it('carries out a request whose answer is then lost: the write is queued, the client sees a network error', async () => {
    const sandbox = makeSandbox({ faults: { rateLost: 1 } });
    const response = await sandbox.handle(
      new Request(`${BASE}/api/i2/products/`, {
        method: 'POST',
        headers: { authorization: TOKEN },
        body: JSON.stringify([tshirt('L-1')]),
      }),
    );
    expect(response.type).toBe('error');
    expect(sandbox.dumpState().batches).toHaveLength(1);
    expect(sandbox.requestLog()[0]).toMatchObject({ fault: 'lost' });
  });

  it('cuts a malformed GET body short but leaves writes intact', async () => {
    const sandbox = makeSandbox({ faults: { rateMalformed: 1 } });
    const read = await call(sandbox, 'GET', '/api/i2/categories/');
    expect(read.status).toBe(200);
    expect(typeof read.body).toBe('string');
    expect(() => JSON.parse(read.body)).toThrow();
    const write = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('M-1')]);
    expect(write.body.status).toBe('pending');
  });

  it('delays slow replies by slowMs of real time and then answers normally', async () => {
    const sandbox = makeSandbox({ faults: { rateSlow: 1, slowMs: 5 } });
    const reply = await call(sandbox, 'GET', '/api/i2/products/');
    expect(reply.status).toBe(200);
    expect(sandbox.requestLog()[0]).toMatchObject({ fault: 'slow', status: 200 });
  });

  it('does not inject faults into file downloads or the control API', async () => {
    const sandbox = makeSandbox({ faults: { rate5xx: 1 } });
    const state = await sandbox.handle(new Request(`${BASE}/__sandbox/state`));
    expect(state.status).toBe(200);
    expect((await sandbox.handle(new Request(`${BASE}/files/missing.json`))).status).toBe(404);
  });
});

describe('mounted in msw', () => {
  const sandbox = makeSandbox({ faults: { rateDrop: 1 } });
  const mswServer = setupServer(http.all(`${BASE}/*`, ({ request }) => sandbox.handle(request)));
  beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => mswServer.close());

  it('turns a dropped connection into a network error of the global fetch', async () => {
    await expect(fetch(`${BASE}/api/i2/products/`, { headers: { authorization: TOKEN } })).rejects.toThrow(TypeError);
    expect(sandbox.requestLog().at(-1)).toMatchObject({ fault: 'drop', status: 0 });
  });

  it('serves normal traffic through fetch once faults are off', async () => {
    const quiet = makeSandbox();
    mswServer.use(http.all(`${BASE}/*`, ({ request }) => quiet.handle(request)));
    const response = await fetch(`${BASE}/api/i2/products/?limit=5`, { headers: { authorization: TOKEN } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});
