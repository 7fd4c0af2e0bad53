/**
 * Contract tests of the transport: headers, where the key may go, every error class and the
 * retry rules (msw stands in for the API).
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { remoteErrorToDiagnostic } from '../../src/remote/errors.js';
import { BASE, collect, failureOf, makeClient, ORIGIN, TOKEN, virtualClock } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const EMPTY_PAGE = { count: 0, next: null, previous: null, results: [] };
const PRODUCTS = `${BASE}/i2/products/`;

describe('request headers', () => {
  it('sends the key verbatim, a shelf User-Agent and the configured language', async () => {
    const seen: Headers[] = [];
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client } = makeClient({}, { language: 'en-us' });
    await collect(client.listProducts({ approved: true }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('authorization')).toBe(TOKEN);
    expect(seen[0]!.get('user-agent')).toMatch(/^shelf\/\d+\.\d+\.\d+/);
    expect(seen[0]!.get('accept-language')).toBe('en-us');
    await client.close();
  });

  it('sends no Accept-Language when none is configured', async () => {
    let language: string | null = 'unset';
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        language = request.headers.get('accept-language');
        return HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client } = makeClient();
    await collect(client.listProducts({ approved: true }));
    expect(language).toBeNull();
    await client.close();
  });
});

describe('errors that are not retried', () => {
  it('401: says the token was refused, names the endpoint, never prints the token (even when echoed)', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return HttpResponse.json({ detail: `Invalid token "${TOKEN}".`, code: 'authentication_failed' }, { status: 401 });
      }),
    );
    const { client, debug } = makeClient();
    const err = await failureOf(collect(client.listProducts()));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('the API refused the token (401): check SHELF_TOKEN');
    expect(err.message).toContain('GET https://seller.test/api/i2/products/');
    expect(calls).toBe(1);
    for (const text of [err.message, err.detail ?? '', err.stack ?? '', ...debug]) expect(text).not.toContain(TOKEN);
    expect(err.message).toContain('[redacted]');
    await client.close();
  });

  it('401 echoing the key without its scheme word, whole or cut off: neither is printed', async () => {
    const key = TOKEN.replace(/^Token /, '');
    expect(key).not.toBe(TOKEN);
    server.use(
      http.get(PRODUCTS, () =>
        HttpResponse.json({ detail: `Invalid token '${key}' (starts ${key.slice(0, 12)}…)`, code: key }, { status: 401 }),
      ),
      http.get(`${BASE}/i2/categories/`, () => new HttpResponse(`upstream rejected key ${key}`, { status: 503 })),
    );
    const { client, debug } = makeClient({ retry: { maxAttempts: 2 } });
    const refused = await failureOf(collect(client.listProducts()));
    const failed = await failureOf(client.categories());
    expect(failed.kind).toBe('server');
    for (const err of [refused, failed]) {
      const diagnostic = JSON.stringify(remoteErrorToDiagnostic(err));
      for (const text of [err.message, err.detail ?? '', err.code ?? '', err.stack ?? '', diagnostic, ...debug]) {
        expect(text).not.toContain(key.slice(0, 12));
      }
    }
    expect(refused.message).toContain("Invalid token '[redacted]' (starts [redacted]…)");
    expect(failed.message).toContain('upstream rejected key [redacted]');
    await client.close();
  });

  it('400: fatal at once, with the body detail and code', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return HttpResponse.json({ detail: 'Invalid filter updated_at__gt.', code: 'invalid' }, { status: 400 });
      }),
    );
    const { client } = makeClient();
    const err = await failureOf(collect(client.listProducts({ updated_at__gt: 'yesterday' })));
    expect(err.kind).toBe('client');
    expect(err.status).toBe(400);
    expect(err.detail).toBe('Invalid filter updated_at__gt.');
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/GET https:\/\/seller\.test\/api\/i2\/products\/: the API rejected the request \(400\): Invalid filter/);
    expect(calls).toBe(1);
    await client.close();
  });

  it('404 on a list endpoint: names the full URL, and hints that the base URL usually ends in /api', async () => {
    server.use(http.get(`${ORIGIN}/i2/products/`, () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })));
    // (A URL with credentials never gets this far: resolveConnection refuses it.)
    const { client } = makeClient({}, { baseUrl: ORIGIN });
    const err = await failureOf(collect(client.listProducts({ approved: true })));
    expect(err.message).toBe('GET https://seller.test/i2/products/: the API rejected the request (404): Not found.');
    expect(remoteErrorToDiagnostic(err).detail).toMatch(/usually ends in \/api/);
    await client.close();
  });

  it('404 on a list endpoint under /api: no hint about /api (the base URL has it)', async () => {
    server.use(http.get(PRODUCTS, () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })));
    const { client } = makeClient();
    const err = await failureOf(collect(client.listProducts({ approved: true })));
    expect(err.message).toBe('GET https://seller.test/api/i2/products/: the API rejected the request (404): Not found.');
    expect(remoteErrorToDiagnostic(err).detail ?? '').not.toContain('/api');
    await client.close();
  });

  it('404 with a non-JSON body still gives a readable message', async () => {
    server.use(http.get(`${BASE}/i2/products/batch-requests/missing`, () => new HttpResponse('Not Found', { status: 404 })));
    const { client } = makeClient();
    const err = await failureOf(client.getBatch('missing'));
    expect(err.kind).toBe('client');
    expect(err.message).toContain('(404): Not Found');
    await client.close();
  });
});

describe('retried errors', () => {
  it('5xx then success: retried, counted', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return calls < 3 ? HttpResponse.json({ detail: 'Unexpected error' }, { status: 502 }) : HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client, debug } = makeClient();
    await collect(client.listProducts({ approved: true }));
    expect(calls).toBe(3);
    expect(client.counters().retried).toBe(2);
    expect(debug.filter((l) => l.includes('→')).map((l) => /retry (\d)/.exec(l)?.[1])).toEqual(['0', '1', '2']);
    await client.close();
  });

  it('network errors are retried while the API is unreachable, past any attempt count; beyond the outage bound the error says since when', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return HttpResponse.error();
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, outageMs: 120_000 } });
    const err = await failureOf(collect(client.listProducts()));
    expect(err.kind).toBe('network');
    expect(calls).toBeGreaterThan(10);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(120_000);
    expect(clock.elapsed()).toBeLessThan(120_000 + 8_000 + 1);
    expect(err.message).toMatch(/^GET https:\/\/seller\.test\/api\/i2\/products\/: connection failed .*the API has been unreachable since 2026-03-01T10:00:00.000Z \(12\d s\)/);
    await client.close();
  });

  it('an outage shorter than the bound is ridden out', async () => {
    const clock = virtualClock();
    server.use(
      http.get(PRODUCTS, () => (clock.elapsed() < 100_000 ? HttpResponse.json({}, { status: 503 }) : HttpResponse.json(EMPTY_PAGE))),
    );
    const { client } = makeClient({ clock, retry: { baseDelayMs: 1_000, maxDelayMs: 8_000, outageMs: 120_000 } });
    expect(await collect(client.listProducts({ approved: true }))).toEqual([]);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(100_000);
    await client.close();
  });

  it('no response headers in time: the error says so, and the request is retried within the outage bound', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 200));
        return HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { headersTimeoutMs: 30, baseDelayMs: 1_000, maxDelayMs: 1_000, outageMs: 1_500 } });
    const err = await failureOf(collect(client.listProducts({ approved: true })));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('no response headers from seller.test within 30 ms');
    expect(calls).toBe(3);
    await client.close();
  });

  it('a body that stalls between chunks is cut off and named', async () => {
    server.use(
      http.get(PRODUCTS, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"count": 0, '));
            // …and nothing more: a trickle that stopped.
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { bodyIdleTimeoutMs: 40, baseDelayMs: 1_000, maxDelayMs: 1_000, outageMs: 500 } });
    const err = await failureOf(collect(client.listProducts({ approved: true })));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('stalled (no data for 40 ms)');
    await client.close();
  });

  it("a 503's Retry-After is followed (capped at the longest back-off)", async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return calls < 4 ? HttpResponse.json({}, { status: 503, headers: { 'retry-after': '7' } }) : HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { maxDelayMs: 5_000, outageMs: 60_000 } });
    await collect(client.listProducts({ approved: true }));
    expect(clock.sleeps).toEqual([5_000, 5_000, 5_000]);
    await client.close();
  });

  it('a GET whose 2xx body is not JSON is read again', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse('{"count": 1, "res', { headers: { 'content-type': 'application/json' } })
          : HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client } = makeClient();
    await collect(client.listProducts({ approved: true }));
    expect(calls).toBe(2);
    await client.close();
  });
});

describe('writes and duplicates', () => {
  it('a write whose connection dropped is sent again (keyed by SKU, so no duplicate can result)', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/i2/products/stocks/`, () => {
        calls += 1;
        return calls === 1 ? HttpResponse.error() : HttpResponse.json({ id: 'b-1', status: 'pending' }, { status: 202 });
      }),
    );
    const { client } = makeClient();
    expect(await client.submit('stocks', [{ sku: 'A', stock: 1 }])).toBe('b-1');
    expect(calls).toBe(2);
    await client.close();
  });

  it('a write whose 2xx answer arrived unreadable is never sent again', async () => {
    let calls = 0;
    server.use(
      http.post(PRODUCTS, () => {
        calls += 1;
        return new HttpResponse('{"id": "b-', { status: 202, headers: { 'content-type': 'application/json' } });
      }),
    );
    const { client } = makeClient();
    const err = await failureOf(
      client.submit('products', [{ sku: 'A', name: 'A', base_code: 'A', category: 'c', attributes: {} }]),
    );
    expect(calls).toBe(1);
    expect(err.kind).toBe('malformed');
    expect(err.outcomeUnknown).toBe(true);
    await client.close();
  });

  it('a write answered 2xx without any batch id is reported, not retried', async () => {
    let calls = 0;
    server.use(
      http.delete(PRODUCTS, () => {
        calls += 1;
        return HttpResponse.json({ ok: true }, { status: 202 });
      }),
    );
    const { client } = makeClient();
    const err = await failureOf(client.submit('delete', [{ sku: 'A' }]));
    expect(calls).toBe(1);
    expect(err.message).toContain('named no batch id');
    await client.close();
  });

  it('refuses an empty or oversized batch before sending anything', async () => {
    const { client } = makeClient();
    await expect(client.submit('stocks', [])).rejects.toThrow(RangeError);
    const many = Array.from({ length: 1001 }, (_, i) => ({ sku: `S${i}`, stock: 1 }));
    await expect(client.submit('stocks', many)).rejects.toThrow(/1 to 1000 items/);
    expect(client.counters().requests.products).toBe(0);
    await client.close();
  });
});

describe('redirects and origins', () => {
  it('follows a same-origin redirect with the key', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/i2/products/batch-requests/b-1`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 301, headers: { location: `${BASE}/i2/products/batch-requests/b-2` } });
      }),
      http.get(`${BASE}/i2/products/batch-requests/b-2`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json({ id: 'b-1', status: 'succeeded' });
      }),
    );
    const { client } = makeClient();
    expect((await client.getBatch('b-1')).state).toBe('succeeded');
    expect(auth).toEqual([TOKEN, TOKEN]);
    await client.close();
  });

  it('refuses a redirect to another origin and never sends the key there', async () => {
    let elsewhere = 0;
    server.use(
      http.get(PRODUCTS, () => new HttpResponse(null, { status: 302, headers: { location: 'https://evil.test/steal' } })),
      http.get('https://evil.test/steal', () => {
        elsewhere += 1;
        return HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client } = makeClient();
    const err = await failureOf(collect(client.listProducts()));
    expect(err.kind).toBe('redirect');
    expect(err.message).toContain('https://evil.test');
    expect(elsewhere).toBe(0);
    await client.close();
  });

  it('refuses a `next` link on another origin', async () => {
    let elsewhere = 0;
    server.use(
      http.get(PRODUCTS, () =>
        HttpResponse.json({ count: 2, next: 'https://evil.test/api/i2/products/?page=2', results: [{ sku: 'A' }] }),
      ),
      http.get('https://evil.test/api/i2/products/', () => {
        elsewhere += 1;
        return HttpResponse.json(EMPTY_PAGE);
      }),
    );
    const { client } = makeClient();
    const err = await failureOf(collect(client.listProducts({ approved: true })));
    expect(err.kind).toBe('redirect');
    expect(elsewhere).toBe(0);
    await client.close();
  });
});

describe('debug trace', () => {
  it('one line per exchange with method, path and query, status, duration, quota wait and retry; Authorization shown as [redacted]', async () => {
    server.use(http.get(PRODUCTS, () => HttpResponse.json(EMPTY_PAGE)));
    const { client, debug } = makeClient();
    await collect(client.listProducts({ sku: 'A-1' }));
    expect(debug).toHaveLength(2);
    expect(debug[0]).toMatch(
      /^GET https:\/\/seller\.test\/api\/i2\/products\/\?sku=A-1&approved=false&limit=1000&page=1 → 200 in \d+ ms \(quota wait \d+ ms, retry 0, Authorization: \[redacted\]\)$/,
    );
    expect(debug.join('\n')).not.toContain(TOKEN);
    expect(ORIGIN).toBe('https://seller.test');
    await client.close();
  });
});
