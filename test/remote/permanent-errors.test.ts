/**
 * Errors that asking again cannot fix fail at once with the cause in words: a host name that
 * does not resolve, a refused connection on a host that never answered, an untrusted TLS
 * certificate. A refused connection on loopback (the sandbox restarting) or after the API has
 * answered is an outage, ridden out. The failing fetch is scripted (the codes are the ones
 * Node's fetch puts in `cause`); the loopback case uses a real closed port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, failureOf, makeClient, virtualClock } from './helpers.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function failingFetch(code: string, calls: { n: number }): typeof fetch {
  return (async () => {
    calls.n += 1;
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} (scripted)`), { code }) });
  }) as typeof fetch;
}

const RETRY = { baseDelayMs: 1_000, maxDelayMs: 8_000, outageMs: 180_000 };

describe('permanent network errors fail at once', () => {
  it.each([
    ['ENOTFOUND', /the host name seller\.test was not found \(DNS: ENOTFOUND\); check the URL/],
    ['ECONNREFUSED', /seller\.test refused the connection \(ECONNREFUSED\); check the URL and its port/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /the TLS certificate of seller\.test is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
    ['CERT_HAS_EXPIRED', /not trusted \(CERT_HAS_EXPIRED\)/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/],
  ])('%s: one attempt, the cause in words', async (code, words) => {
    const calls = { n: 0 };
    globalThis.fetch = failingFetch(code, calls);
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: RETRY });
    const err = await failureOf(collect(client.listProducts()));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(words);
    expect(calls.n).toBe(1);
    expect(clock.sleeps).toEqual([]);
    await client.close();
  });

  it('a write refused before it was sent is not an unknown outcome', async () => {
    globalThis.fetch = failingFetch('ENOTFOUND', { n: 0 });
    const { client } = makeClient({ clock: virtualClock(), retry: RETRY });
    const err = await failureOf(client.submit('stocks', [{ sku: 'A', stock: 1 }]));
    expect(err.outcomeUnknown).toBe(false);
    await client.close();
  });
});

describe('a refused connection that is an outage', () => {
  it('on loopback (the sandbox restarting): retried until the server is back', async () => {
    // A port that was free a moment ago: nothing listens until the server starts below.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: 0, next: null, results: [] }));
    });
    let refused = 0;
    const { client, debug } = makeClient(
      {
        retry: { baseDelayMs: 20, maxDelayMs: 40, outageMs: 20_000 },
        onWait: (n) => {
          if (n.kind === 'retry') refused += 1;
          // Back after three refusals.
          if (refused === 3 && !server.listening) server.listen(port, '127.0.0.1');
        },
      },
      { baseUrl: `http://127.0.0.1:${port}/api` },
    );
    expect(await collect(client.listProducts({ approved: true }))).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(debug.some((l) => l.includes('after a refused connection (ECONNREFUSED)'))).toBe(true);
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('on another host, once the API has answered in this run: ridden out', async () => {
    let calls = 0;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      calls += 1;
      if (calls === 1 || calls >= 5) return new Response(JSON.stringify({ count: 0, next: null, results: [] }), { status: 200 });
      void args;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    const { client } = makeClient({ clock: virtualClock(), retry: RETRY });
    await collect(client.listProducts({ approved: true }));
    await collect(client.listProducts({ approved: true }));
    expect(calls).toBe(5);
    await client.close();
  });
});
