import { describe, expect, it } from 'vitest';
import type { RemoteProduct } from '../../src/model/product.js';
import { readIncrementally } from '../../src/pipeline/incremental-read.js';
import { scopeListings } from '../../src/pipeline/scope-listings.js';
import type { Snapshot } from '../../src/remote/snapshot-file.js';
import type { ListingCount, ListingPage, ProductFilter, SellerCenterClient } from '../../src/remote/types.js';

const listings = scopeListings([{ approved: 'both', sku__contains: 'A-' }]);
const at = (iso: string): RemoteProduct => ({
  sku: `A-${iso}`,
  name: 'n',
  base_code: 'b',
  category: 'c',
  attributes: {},
  images: [],
  videos: [],
  product: null,
  approved: true,
  updated_at: iso,
});
const OLD = at('2026-01-01T00:00:00.000Z');
const snapshot: Snapshot = {
  origin: 'https://x.test',
  scope: '',
  serverTime: '2026-01-02T00:00:00.000Z',
  savedAt: 0,
  fullReadAt: 0,
  pageSize: 1000,
  listings: [
    { query: listings[0]!.query, records: [] },
    { query: listings[1]!.query, records: [OLD] },
  ],
};

/** A client answering from `approved` records, with a choice of misbehaviours. */
function client(opts: { ignoreFilter?: boolean; date?: string; count?: number | 'none' } = {}): SellerCenterClient {
  const records = [OLD, at('2026-01-03T00:00:00.000Z')];
  return {
    async *listProducts(filter: ProductFilter = {}, o?: { onPage?: (p: ListingPage) => void }) {
      const since = opts.ignoreFilter || !filter.updated_at__gte ? 0 : Date.parse(filter.updated_at__gte);
      const page = filter.approved ? records.filter((p) => Date.parse(p.updated_at!) >= since) : [];
      o?.onPage?.({ first: true, items: page.length, count: page.length, ...(opts.date !== '' ? { date: opts.date ?? 'Sat, 03 Jan 2026 00:00:05 GMT' } : {}) });
      yield page;
    },
    async countProducts(filter: ProductFilter & { approved: boolean }): Promise<ListingCount> {
      if (opts.count === 'none') return {};
      return { count: opts.count ?? (filter.approved ? 1 : 0) };
    },
  } as unknown as SellerCenterClient;
}

const read = (c: SellerCenterClient) => readIncrementally(c, snapshot, listings, { overlapMs: 60_000, onPage: () => undefined });

describe('readIncrementally: a SKU changed in one listing and still in another', () => {
  // The approved version of A-X stays (old stamp) while a pending revision of it appears with
  // approved=false; meanwhile the old A-Y is deleted. Counting A-X as gone would balance A-Y.
  const X = { ...at('2026-01-01T00:00:00.000Z'), sku: 'A-X' };
  const Y = { ...at('2026-01-01T00:00:00.000Z'), sku: 'A-Y' };
  const revision = { ...X, approved: false, name: 'revised', updated_at: '2026-01-03T00:00:00.000Z' };
  const before: Snapshot = {
    ...snapshot,
    listings: [
      { query: listings[0]!.query, records: [] },
      { query: listings[1]!.query, records: [X, Y] },
    ],
  };
  function revisionClient(approvedNow: RemoteProduct[]): SellerCenterClient & { counts: string[] } {
    const counts: string[] = [];
    return {
      counts,
      async *listProducts(filter: ProductFilter = {}, o?: { onPage?: (p: ListingPage) => void }) {
        const page = filter.approved ? [] : [revision];
        o?.onPage?.({ first: true, items: page.length, count: page.length, date: 'Sat, 03 Jan 2026 00:00:05 GMT' });
        yield page;
      },
      async countProducts(filter: ProductFilter & { approved: boolean }): Promise<ListingCount> {
        counts.push(filter.sku ?? 'listing');
        if (!filter.approved) return { count: 0 };
        return { count: approvedNow.filter((p) => filter.sku === undefined || p.sku === filter.sku).length };
      },
    } as unknown as SellerCenterClient & { counts: string[] };
  }

  it('is counted on its own, so a deletion it would balance is seen', async () => {
    const c = revisionClient([X]);
    const result = await readIncrementally(c, before, listings, { overlapMs: 60_000, onPage: () => undefined });
    expect('doubt' in result && result.doubt).toMatch(/1 approved products are unchanged since the snapshot where 2 were expected/);
    expect(c.counts).toEqual(['listing', 'listing', 'A-X']);
  });

  it('leaves the listing it is no longer in, counted on its own', async () => {
    const c = revisionClient([Y]);
    const result = await readIncrementally(c, before, listings, { overlapMs: 60_000, onPage: () => undefined });
    expect('listings' in result && result.listings.map((l) => l.records.map((p) => p.sku))).toEqual([['A-X'], ['A-Y']]);
    expect('changes' in result && result.changes).toEqual([
      { records: [revision], removed: [] },
      { records: [], removed: ['A-X'] },
    ]);
  });

  it('stays in the listing it is still in, when nothing was deleted (no extra request)', async () => {
    const c = revisionClient([X, Y]);
    const result = await readIncrementally(c, before, listings, { overlapMs: 60_000, onPage: () => undefined });
    expect('listings' in result && result.listings.map((l) => l.records.map((p) => p.sku))).toEqual([['A-X'], ['A-X', 'A-Y']]);
    expect(c.counts).toEqual(['listing', 'listing']);
  });
});

describe('readIncrementally', () => {
  it('keeps unchanged records and adds the changed ones, with the new server time', async () => {
    const result = await read(client());
    expect(result).toEqual({
      serverTime: 'Sat, 03 Jan 2026 00:00:05 GMT',
      listings: [
        { query: listings[0]!.query, records: [] },
        { query: listings[1]!.query, records: [OLD, at('2026-01-03T00:00:00.000Z')] },
      ],
      changes: [
        { records: [], removed: [] },
        { records: [at('2026-01-03T00:00:00.000Z')], removed: [] },
      ],
    });
  });

  it('says which records changed and which left, for the snapshot to save only those', async () => {
    // Stamped after the bound and not listed again: gone.
    const recent = at('2026-01-02T00:00:30.000Z');
    const withRecent: Snapshot = { ...snapshot, listings: [snapshot.listings[0]!, { query: listings[1]!.query, records: [OLD, recent] }] };
    const result = await readIncrementally(client(), withRecent, listings, { overlapMs: 60_000, onPage: () => undefined });
    expect('changes' in result && result.changes).toEqual([
      { records: [], removed: [] },
      { records: [at('2026-01-03T00:00:00.000Z')], removed: [recent.sku] },
    ]);
    expect('listings' in result && result.listings[1]!.records.map((p) => p.sku)).toEqual([OLD.sku, 'A-2026-01-03T00:00:00.000Z']);
  });

  it.each([
    ['a changed record stamped before the bound (the filter was ignored)', { ignoreFilter: true }, /filter seems ignored/],
    ['no Date header', { date: '' }, /no Date header/],
    ['a server clock behind the snapshot', { date: 'Thu, 01 Jan 2026 00:00:00 GMT' }, /server's clock .* is behind/],
    ['no count', { count: 'none' as const }, /no count/],
    ['a count one short (a deletion)', { count: 0 }, /0 awaiting approval products are unchanged|0 approved products are unchanged/],
  ])('doubts on %s', async (_name, opts, message) => {
    const result = await read(client(opts));
    expect('doubt' in result && result.doubt).toMatch(message);
  });
});
