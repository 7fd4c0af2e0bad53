/**
 * plan's read progress: pages read of the total (the total from each listing's first page
 * `count` and page size), the products kept, and an ETA that counts down; on a terminal one
 * live line fitted to the width that shows the wait under way, in CI a line at most every 30 s.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRemoteCatalog } from '../../src/pipeline/read-remote.js';
import { type ReadCount, readEtaMs, readProgress } from '../../src/views/read-progress.js';
import { createWaitStatus } from '../../src/views/wait-status.js';
import { settings } from '../plan/build.js';
import { BASE, makeClient } from '../remote/helpers.js';
import { fakeClock, fakeStream } from './fake-terminal.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const item = (sku: string) => ({ sku, name: sku, base_code: 'B', category: 'c', attributes: {} });

describe('pages of the total, from the first page', () => {
  it('counts the pages each listing takes from its first page (count over page size)', async () => {
    const all = Array.from({ length: 120 }, (_, i) => `S${String(i).padStart(4, '0')}`);
    server.use(
      http.get(`${BASE}/i2/products/`, ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('approved') === 'false') return HttpResponse.json({ count: 0, next: null, results: [] });
        const page = Number(url.searchParams.get('page') ?? 1);
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        // The server caps pages at 50 items, whatever `limit` asks for.
        const slice = all.slice((page - 1) * 50, page * 50);
        return HttpResponse.json({ count: all.length, next: page * 50 < all.length ? next.toString() : null, results: slice.map(item) });
      }),
    );
    const { client } = makeClient();
    const seen: ReadCount[] = [];
    await readRemoteCatalog(client, settings(), { onPage: (c) => seen.push(c) });
    await client.close();
    const pages = seen.map((c) => `${c.pagesRead}/${c.pagesTotal}`);
    // Unapproved listing first (1 empty page, the approved one not started: 1 more), then 3 pages of 50.
    expect([...new Set(pages)]).toEqual(['1/2', '2/4', '3/4', '4/4']);
    expect(seen.at(-1)).toEqual({ products: 120, pagesRead: 4, pagesTotal: 4 });
  });
});

describe('the ETA of a read', () => {
  const quota = { requests: 10, windowMs: 60_000 };
  it('is no sooner than the quota allows, and follows the observed pace once slower', () => {
    // 10 of 30 pages read in 2 s: the quota lets the next 10 go one window after the first.
    expect(readEtaMs({ products: 0, pagesRead: 10, pagesTotal: 30 }, 0, 2_000, quota)).toBe(120_000 + 200 - 2_000);
    // Without a quota, the observed pace alone.
    expect(readEtaMs({ products: 0, pagesRead: 10, pagesTotal: 30 }, 0, 2_000)).toBe(4_000);
    expect(readEtaMs({ products: 0, pagesRead: 3, pagesTotal: 3 }, 0, 2_000, quota)).toBeUndefined();
  });
});

/** A read progress on a terminal `columns` wide, started at 10/min, one second in. */
function startedOnTerminal(columns: number) {
  const stream = fakeStream({ tty: true, columns });
  const clock = fakeClock();
  const waits = createWaitStatus({ stream, clock });
  const progress = readProgress(stream, { waits, clock });
  progress.start({ requests: 10, windowMs: 60_000 });
  clock.advance(1_000);
  return { stream, clock, waits, progress };
}

describe('read progress on a terminal', () => {
  it('shows pages of the total and an ETA that counts down between pages, with the wait under way', () => {
    const { stream, clock, waits, progress } = startedOnTerminal(200);
    progress.page({ products: 1_000, pagesRead: 1, pagesTotal: 12 });
    expect(stream.live()).toBe('Reading Seller Center: page 1 of 12, 1,000 products, ETA 1 min');
    waits.notice({ kind: 'quota', resource: 'products', ms: 47_000, limit: { requests: 10, windowMs: 60_000 } });
    expect(stream.live()).toBe('Reading Seller Center: page 1 of 12, 1,000 products, ETA 1 min, waiting 47 s for the i2/products quota (10/min)');
    clock.advance(10_000);
    expect(stream.live()).toBe('Reading Seller Center: page 1 of 12, 1,000 products, ETA 50 s, waiting 37 s for the i2/products quota (10/min)');
    progress.done();
    waits.done();
    expect(stream.text().endsWith('Read 1,000 products from Seller Center (1 page)\n')).toBe(true);
    expect(clock.running()).toBe(0);
  });

  it('never wraps on 80 columns: takes the short forms of its parts', () => {
    const { stream, waits, progress } = startedOnTerminal(80);
    progress.page({ products: 123_456, pagesRead: 12, pagesTotal: 1_234 });
    waits.notice({ kind: 'retry', method: 'GET', url: 'https://seller.example.com/api/i2/products/', ms: 8_000, after: '503', retry: 2 });
    for (const drawn of stream.text().split('\r\x1b[2K')) expect(drawn.length).toBeLessThan(80);
    expect(stream.live()).toBe('Reading: page 12/1,234, 123,456 products, ETA 2 h 3 min, retry in 8 s after 503');
    progress.done();
    waits.done();
  });
});

describe('read progress on a narrow terminal', () => {
  it('keeps the short wording once it needed it, instead of flipping as waits come and go', () => {
    const { stream, clock, waits, progress } = startedOnTerminal(80);
    progress.page({ products: 1_000, pagesRead: 1, pagesTotal: 12 });
    expect(stream.live()).toBe('Reading Seller Center: page 1 of 12, 1,000 products, ETA 1 min');
    waits.notice({ kind: 'quota', resource: 'products', ms: 2_000, limit: { requests: 10, windowMs: 60_000 } });
    expect(stream.live()).toBe('Reading: page 1/12, 1,000 products, ETA 1 min, quota wait 2 s');
    clock.advance(3_000);
    progress.page({ products: 2_000, pagesRead: 2, pagesTotal: 12 });
    expect(stream.live()).toMatch(/^Reading: page 2\/12, 2,000 products, ETA /);
    progress.done();
    waits.done();
  });
});

describe('read progress in a CI log', () => {
  it('prints a line on the first page and then at most every 30 s', () => {
    const stream = fakeStream({ tty: false });
    const clock = fakeClock();
    const progress = readProgress(stream, { clock });
    progress.start({ requests: 10, windowMs: 60_000 });
    for (let page = 1; page <= 20; page++) {
      clock.advance(6_000);
      progress.page({ products: page * 1000, pagesRead: page, pagesTotal: 20 });
    }
    progress.done();
    expect(stream.lines()).toEqual([
      '2026-01-01T12:00:06.000Z Reading Seller Center: page 1 of 20, 1,000 products, ETA 1 min 54 s',
      '2026-01-01T12:00:36.000Z Reading Seller Center: page 6 of 20, 6,000 products, ETA 1 min 24 s',
      '2026-01-01T12:01:06.000Z Reading Seller Center: page 11 of 20, 11,000 products, ETA 54 s',
      '2026-01-01T12:01:36.000Z Reading Seller Center: page 16 of 20, 16,000 products, ETA 24 s',
      '2026-01-01T12:02:00.000Z Read 20,000 products from Seller Center (20 pages)',
    ]);
  });
});
