/**
 * The age limit of the snapshot counts from the last full read, not from the last save: an
 * incremental read saves a new snapshot every time, and must not put off the daily full read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/config/load-settings.js';
import { readScopeWithSnapshot, SNAPSHOT_MAX_AGE_MS } from '../../src/pipeline/snapshot-read.js';
import type { ListingCount, ListingPage, ProductFilter, SellerCenterClient } from '../../src/remote/types.js';
import { remote } from '../plan/build.js';

const HOUR = 3_600_000;
const record = (n: number) => remote(`A-${n}`, { updated_at: '2026-01-01T00:00:00.000Z' });
// Enough records for several pages, so an incremental read is worth making.
const RECORDS = Array.from({ length: 60 }, (_, i) => record(i));
const PAGE = 10;

/** Counts full reads (listing pages without an updated_at filter) of a scope that never changes. */
function countingClient() {
  const seen = { fullPages: 0 };
  const client = {
    async *listProducts(filter: ProductFilter = {}, o?: { onPage?: (p: ListingPage) => void }) {
      const all = filter.approved ? RECORDS : [];
      const since = filter.updated_at__gte ? Date.parse(filter.updated_at__gte) : undefined;
      const matching = since === undefined ? all : all.filter((p) => Date.parse(p.updated_at!) >= since);
      for (let i = 0; i === 0 || i < matching.length; i += PAGE) {
        const page = matching.slice(i, i + PAGE);
        if (since === undefined) seen.fullPages += 1;
        o?.onPage?.({ first: i === 0, items: page.length, count: matching.length, date: 'Sat, 03 Jan 2026 00:00:05 GMT' });
        yield page;
      }
    },
    async countProducts(filter: ProductFilter & { approved: boolean }): Promise<ListingCount> {
      const before = filter.updated_at__lt ? Date.parse(filter.updated_at__lt) : Infinity;
      const all = filter.approved ? RECORDS : [];
      return { count: all.filter((p) => Date.parse(p.updated_at!) < before).length };
    },
  } as unknown as SellerCenterClient;
  return { client, seen };
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('the snapshot age limit', () => {
  it('reads in full once the last full read is older than the limit, however often incremental reads saved since', async () => {
    const root = mkdtempSync(join(tmpdir(), 'shelf-age-'));
    roots.push(root);
    const settings = defaultSettings(root);
    const { client, seen } = countingClient();
    let clock = 0;
    const notices: string[] = [];
    const read = () =>
      readScopeWithSnapshot(client, settings, [{ sku__contains: 'A-' }], { root, origin: 'https://x.test', now: () => clock, notice: (l) => notices.push(l) }, () => undefined);

    expect((await read())!.incremental).toBe(false); // the first read: no snapshot yet
    const fullAfterFirst = seen.fullPages;
    // Incremental reads every 10 hours: each saves a snapshot, none may move the full read's date.
    for (const hours of [10, 20]) {
      clock = hours * HOUR;
      expect((await read())!.incremental).toBe(true);
    }
    expect(seen.fullPages).toBe(fullAfterFirst);
    clock = SNAPSHOT_MAX_AGE_MS + HOUR; // 25 h after the full read, 5 h after the last save
    const due = await read();
    expect(due!.incremental).toBe(false);
    expect(seen.fullPages).toBeGreaterThan(fullAfterFirst);
    expect(notices).toEqual(['reading the whole scope: the scope was last read in full 25 h ago (a full read is due every 24 h)']);
    // The full read starts the count again.
    clock += 10 * HOUR;
    expect((await read())!.incremental).toBe(true);
  });
});
