/**
 * Batch jobs under every variant: the id in any answer shape, PRD107 status as numbers,
 * numeric strings or names, unknown statuses, error files on the API host or elsewhere.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractBatchId, normalizeBatchState } from '../../src/remote/batch-status.js';
import { DEFAULT_POLL, firstPollDelay, waitForBatch } from '../../src/remote/batch-wait.js';
import { parseErrorFile } from '../../src/remote/error-file.js';
import { BASE, makeClient, ORIGIN, TOKEN, virtualClock } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BATCH = (id: string) => `${BASE}/i2/products/batch-requests/${id}`;
const NOT_FOUND = { sku: 'A product with the given SKU is not found.' };

describe('the batch id of a write', () => {
  it.each([
    ['the PRD107 object', { id: 'f3909f53', status: 'pending', registry: 'x' }],
    ['batch_request_id', { batch_request_id: 'f3909f53' }],
    ['id only', { id: 'f3909f53' }],
    ['a nested batch request', { batch_request: { id: 'f3909f53', status: 1 } }],
    ['a data wrapper', { data: { id: 'f3909f53' } }],
    ['a one-element array', [{ id: 'f3909f53' }]],
  ])('is found in %s', async (_name, body) => {
    server.use(http.post(`${BASE}/i2/products/prices/`, () => HttpResponse.json(body, { status: 202 })));
    const { client } = makeClient();
    expect(await client.submit('prices', [{ sku: 'A', price: '1.00' as never }])).toBe('f3909f53');
    await client.close();
  });

  it('numeric ids become strings', () => {
    expect(extractBatchId({ batch_request_id: 42 })).toBe('42');
    expect(extractBatchId({ nothing: true })).toBeUndefined();
  });

  it.each([
    [200, 'prices-and-stocks', 'post', '/i2/products/prices-and-stocks/'],
    [201, 'stocks', 'post', '/i2/products/stocks/'],
    [202, 'delete', 'delete', '/i2/products/'],
  ] as const)('%i from %s (%s %s) is accepted', async (status, kind, method, path) => {
    server.use(http[method](`${BASE}${path}`, () => HttpResponse.json({ id: 'b' }, { status })));
    const { client } = makeClient();
    expect(await client.submit(kind as 'stocks', [{ sku: 'A', stock: 1 }])).toBe('b');
    await client.close();
  });
});

describe('PRD107 status', () => {
  it.each([
    [1, 'pending'],
    [2, 'processing'],
    [3, 'succeeded'],
    [4, 'partially_succeeded'],
    [5, 'failed'],
    ['4', 'partially_succeeded'],
    ['Partially Succeeded', 'partially_succeeded'],
    ['partially_succeeded', 'partially_succeeded'],
    ['PARTIALLY-SUCCEEDED', 'partially_succeeded'],
    ['succeeded', 'succeeded'],
    ['Processing', 'processing'],
    [{ value: 5, label: 'Failed' }, 'failed'],
    ['archived', 'unknown'],
    [9, 'unknown'],
    [null, 'unknown'],
  ])('%j → %s', (raw, state) => {
    expect(normalizeBatchState(raw)).toBe(state);
  });

  it('getBatch keeps the raw status and reads processed_in and file URLs', async () => {
    server.use(
      http.get(BATCH('b'), () =>
        HttpResponse.json({ id: 'b', status: '3', processed_in: '12', error_file: `${ORIGIN}/files/b-e.json`, extra: 1 }),
      ),
    );
    const { client } = makeClient();
    expect(await client.getBatch('b')).toEqual({
      id: 'b',
      state: 'succeeded',
      rawStatus: '3',
      processedIn: 12,
      errorFile: `${ORIGIN}/files/b-e.json`,
    });
    await client.close();
  });
});

describe('waitForBatch', () => {
  it('polls until terminal, then downloads the error file from the API host with the key', async () => {
    const statuses = [1, 2, 2, 4];
    const fileAuth: (string | null)[] = [];
    server.use(
      http.get(BATCH('b'), () =>
        HttpResponse.json({ id: 'b', status: statuses.shift(), error_file: `${ORIGIN}/files/b-e.json` }),
      ),
      http.get(`${ORIGIN}/files/b-e.json`, ({ request }) => {
        fileAuth.push(request.headers.get('authorization'));
        return HttpResponse.json([{ sku: 'B', stock: '1', errors: [NOT_FOUND] }]);
      }),
    );
    const { client } = makeClient();
    const result = await client.waitForBatch('b', 'stocks', ['A', 'B']);
    expect(statuses).toEqual([]);
    expect(result).toMatchObject({ id: 'b', kind: 'stocks', state: 'partially_succeeded', skus: ['A', 'B'] });
    expect(result.failures).toEqual([
      { sku: 'B', messages: ['sku: A product with the given SKU is not found.'], record: { sku: 'B', stock: '1' } },
    ]);
    expect(fileAuth).toEqual([TOKEN]);
    expect(client.counters().requests.products).toBe(4);
    await client.close();
  });

  it('an error file on another host (a CDN) is fetched without the key, even after a redirect back', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 'failed', error_file: 'https://cdn.test/e.json' })),
      http.get('https://cdn.test/e.json', ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 302, headers: { location: `${ORIGIN}/files/e.json` } });
      }),
      http.get(`${ORIGIN}/files/e.json`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json([{ sku: 'A', errors: [{ attributes: ['COLOR: "Teal" is not allowed.'] }] }]);
      }),
    );
    const { client } = makeClient();
    const result = await client.waitForBatch('b', 'products', ['A']);
    expect(result.state).toBe('failed');
    expect(result.failures[0]!.messages).toEqual(['attributes: COLOR: "Teal" is not allowed.']);
    expect(auth).toEqual([null, null]);
    await client.close();
  });

  it('a file redirect from the API host to a CDN drops the key', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 4, error_file: `${ORIGIN}/files/e.json` })),
      http.get(`${ORIGIN}/files/e.json`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 307, headers: { location: 'https://cdn.test/signed/e.json' } });
      }),
      http.get('https://cdn.test/signed/e.json', ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json([{ sku: 'A', errors: ['price must be positive'] }]);
      }),
    );
    const { client } = makeClient();
    const result = await client.waitForBatch('b', 'prices', ['A', 'B']);
    expect(result.failures.map((f) => f.messages)).toEqual([['price must be positive']]);
    expect(auth).toEqual([TOKEN, null]);
    await client.close();
  });

  it('a download that keeps failing is retried for the outage bound, then reported as a problem (not thrown)', async () => {
    let downloads = 0;
    server.use(
      http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 'Partially Succeeded', error_file: 'https://cdn.test/e.json' })),
      http.get('https://cdn.test/e.json', () => {
        downloads += 1;
        return HttpResponse.error();
      }),
    );
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { baseDelayMs: 1_000, maxDelayMs: 10_000, outageMs: 60_000 } });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(downloads).toBeGreaterThan(3);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(60_000);
    expect(result.state).toBe('partially_succeeded');
    expect(result.failures).toEqual([]);
    expect(result.problem).toMatch(/error file could not be downloaded: GET https:\/\/cdn.test\/e.json/);
    await client.close();
  });

  it('no error file but a success file: the SKUs it does not list are the failures', async () => {
    server.use(
      http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 4, success_file: 'https://cdn.test/s.json' })),
      http.get('https://cdn.test/s.json', () => HttpResponse.json([{ sku: 'A', stock: 1 }])),
    );
    const { client } = makeClient();
    const result = await client.waitForBatch('b', 'stocks', ['A', 'B']);
    expect(result.failures.map((f) => f.sku)).toEqual(['B']);
    expect(result.problem).toBeUndefined();
    await client.close();
  });

  it('a failed batch without an error file marks every record failed and says why', async () => {
    server.use(http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: 5 })));
    const { client } = makeClient();
    const result = await client.waitForBatch('b', 'delete', ['A', 'B']);
    expect(result.failures.map((f) => f.sku)).toEqual(['A', 'B']);
    expect(result.problem).toContain('no error file');
    await client.close();
  });

  it('an unknown status is not terminal; if it persists it is reported, not waited on forever', async () => {
    let polls = 0;
    server.use(
      http.get(BATCH('b'), () => {
        polls += 1;
        return HttpResponse.json({ id: 'b', status: polls === 1 ? 'queued_for_review' : 'on_hold' });
      }),
    );
    const { client, warnings } = makeClient({ poll: { unknownLimit: 3 } });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(polls).toBe(3);
    expect(result.state).toBe('unknown');
    expect(result.problem).toContain('"on_hold"');
    expect(warnings.some((w) => w.includes('queued_for_review'))).toBe(true);
    await client.close();
  });

  it('an unknown status followed by a known one is waited through', async () => {
    const statuses: unknown[] = ['queued_for_review', 'queued_for_review', 2, 'succeeded'];
    server.use(http.get(BATCH('b'), () => HttpResponse.json({ id: 'b', status: statuses.shift() })));
    const { client } = makeClient({ poll: { unknownLimit: 3 } });
    expect((await client.waitForBatch('b', 'stocks', ['A'])).state).toBe('succeeded');
    await client.close();
  });

  it('a status the API keeps failing to give beyond the outage bound: unknown, cause unreachable, with the time it began', async () => {
    server.use(http.get(BATCH('b'), () => HttpResponse.json({}, { status: 500 })));
    const clock = virtualClock();
    const { client } = makeClient({ clock, retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 8_000, outageMs: 60_000 } });
    const result = await client.waitForBatch('b', 'stocks', ['A']);
    expect(result.state).toBe('unknown');
    expect(result.cause).toBe('unreachable');
    expect(result.problem).toContain('unreachable');
    expect(Date.parse(result.unreachableSince!) - Date.parse('2026-03-01T10:00:00Z')).toBeLessThan(1_000);
    await client.close();
  });
});

describe('poll pacing', () => {
  it('the first poll waits longer for bigger batches, then follows what processed_in taught', () => {
    const pace: { msPerItem?: number } = {};
    const small = firstPollDelay(10, { policy: DEFAULT_POLL, pace });
    const big = firstPollDelay(1000, { policy: DEFAULT_POLL, pace });
    expect(big).toBeGreaterThan(small);
    pace.msPerItem = 2;
    expect(firstPollDelay(1000, { policy: DEFAULT_POLL, pace })).toBe(2000);
    pace.msPerItem = 1000;
    expect(firstPollDelay(1000, { policy: DEFAULT_POLL, pace })).toBe(DEFAULT_POLL.maxDelayMs);
  });

  it('a finished batch teaches its pace (processed_in per item, in the server\'s time scale)', async () => {
    const pace: { msPerItem?: number } = {};
    const result = await waitForBatch('b1', 'stocks', Array.from({ length: 100 }, (_, i) => `S${i}`), {
      getBatch: async (id) => ({ id, state: 'succeeded', rawStatus: 3, processedIn: 0.5 }),
      downloadJson: async () => [],
      policy: { ...DEFAULT_POLL, minDelayMs: 0, maxDelayMs: 1, baseMs: 0 },
      pace,
      msPerServerSecond: 1000 / 100,
    });
    expect(result.state).toBe('succeeded');
    // Half a server second at time scale 100 is 5 ms for 100 items.
    expect(pace.msPerItem).toBeCloseTo(0.05);
  });
});

describe('error files', () => {
  it('flattens every shape of `errors` into "field: message"', () => {
    expect(
      parseErrorFile([
        { sku: 'A', stock: '1', errors: [NOT_FOUND] },
        { sku: 'B', errors: { price: ['must be > 0'], retail_price: 'below price' } },
        { sku: 'C', errors: ['plain text'] },
        { sku: 'D', errors: [{ non_field_errors: ['whole record'] }] },
        { sku: 'E' },
        'not a record',
      ]).map((f) => [f.sku, f.messages]),
    ).toEqual([
      ['A', ['sku: A product with the given SKU is not found.']],
      ['B', ['price: must be > 0', 'retail_price: below price']],
      ['C', ['plain text']],
      ['D', ['whole record']],
      ['E', ['failed (no reason given)']],
    ]);
  });
});
