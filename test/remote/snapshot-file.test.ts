import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeProduct } from '../../src/remote/normalize-product.js';
import { loadSnapshot, saveSnapshot, SNAPSHOT_FORMAT, type Snapshot, snapshotPath } from '../../src/remote/snapshot-file.js';

const listed = [
  { id: 'a1', sku: 'A-1', name: 'One', base_code: 'A', category: 'c1', attributes: { COLOR: 'Red', N: 2, B: true }, images: ['u'], videos: [], product: null, restrict_for_others: false, approved: true, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-02T00:00:00Z', price: '10.5', retail_price: null, stock: '3' },
  { sku: 'A-2', name: 'Two', base_code: 'A', category: 'c1', attributes: { COLOR: 'Red', N: 2, B: true }, approved: false, updated_at: '2026-01-02T00:00:00Z' },
].map((item) => normalizeProduct(item)!);

const snapshot = (over: Partial<Snapshot> = {}): Snapshot => ({
  origin: 'https://seller.example.com',
  scope: 'approved=false&sku__contains=A-\napproved=true&sku__contains=A-',
  serverTime: '2026-01-03T00:00:00.000Z',
  savedAt: 1_000,
  fullReadAt: 1_000,
  pageSize: 1000,
  listings: [
    { query: 'approved=false&sku__contains=A-', records: [listed[1]!] },
    { query: 'approved=true&sku__contains=A-', records: [listed[0]!] },
  ],
  ...over,
});

describe('snapshot file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-snapshot-'));

  it('gives back every record exactly as it was listed (same keys, same order, absent ones absent)', async () => {
    const file = snapshotPath(dir, 'https://seller.example.com', 'scope');
    await saveSnapshot(file, snapshot());
    const loaded = await loadSnapshot(file);
    expect(loaded).toEqual({ snapshot: snapshot() });
    const records = 'snapshot' in loaded ? loaded.snapshot.listings.flatMap((l) => l.records) : [];
    expect(records.map((r) => JSON.stringify(r))).toEqual([JSON.stringify(listed[1]), JSON.stringify(listed[0])]);
  });

  it('is named after the origin and the scope', () => {
    expect(snapshotPath(dir, 'https://a.example', 's')).not.toBe(snapshotPath(dir, 'https://b.example', 's'));
    expect(snapshotPath(dir, 'https://a.example', 's')).not.toBe(snapshotPath(dir, 'https://a.example', 't'));
  });

  it('says what is wrong with a file it cannot use, and that a missing one is missing', async () => {
    const file = join(dir, 'x.json');
    expect(await loadSnapshot(file)).toEqual({ missing: true });
    writeFileSync(file, '{"format":1,"origin":');
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot is corrupt' });
    await saveSnapshot(file, snapshot());
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"format":${SNAPSHOT_FORMAT}`, '"format":99'));
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot was written in another format (99)' });
    await saveSnapshot(file, snapshot());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"strings":[', '"strings":[7,'));
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot is corrupt' });
    await saveSnapshot(file, snapshot());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"sku":[', '"sku":["A-3",'));
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot is corrupt' });
  });
});
