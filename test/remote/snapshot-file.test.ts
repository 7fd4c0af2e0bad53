import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RemoteProduct } from '../../src/model/product.js';
import { normalizeProduct } from '../../src/remote/normalize-product.js';
import { changesPath } from '../../src/remote/snapshot-changes.js';
import { loadSnapshot, saveSnapshot, SNAPSHOT_FORMAT, type Snapshot, type SnapshotBase, snapshotPath } from '../../src/remote/snapshot-file.js';

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

/** The bytes with their JSON head edited (its length word follows). */
function editHead(bytes: Buffer, edit: (json: string) => string): Buffer {
  const length = bytes.readUInt32LE(0);
  const json = Buffer.from(edit(bytes.toString('utf8', 4, 4 + length)));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  return Buffer.concat([size, json, bytes.subarray(4 + length)]);
}

/** The bytes with the k-th integer of the packed stream replaced. */
function withInt(bytes: Buffer, k: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeInt32LE(value, 4 + bytes.readUInt32LE(0) + 4 * k);
  return copy;
}

describe('snapshot file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-snapshot-'));

  it('gives back every record exactly as it was listed (same keys, same order, absent ones absent)', async () => {
    const file = snapshotPath(dir, 'https://seller.example.com', 'scope');
    await saveSnapshot(file, snapshot());
    const loaded = await loadSnapshot(file);
    expect(loaded).toEqual({ snapshot: snapshot(), base: expect.objectContaining({ file }) });
    const records = 'snapshot' in loaded ? loaded.snapshot.listings.flatMap((l) => l.records) : [];
    expect(records.map((r) => JSON.stringify(r))).toEqual([JSON.stringify(listed[1]), JSON.stringify(listed[0])]);
  });

  it("shares the catalog's SKU, name and image list with each record that holds the same, and gives back the same records", async () => {
    const file = snapshotPath(dir, 'https://seller.example.com', 'known');
    const many = [
      { ...listed[0]!, sku: 'K-1', name: 'Same name', images: ['https://cdn.example.com/1.jpg', 'https://cdn.example.com/2.jpg'] },
      { ...listed[0]!, sku: 'K-2', name: 'Édité ☃', images: ['https://cdn.example.com/3.jpg'] },
      { ...listed[0]!, sku: 'K-3', name: 'Not in the catalog', images: [] },
    ];
    await saveSnapshot(file, snapshot({ listings: [{ query: 'all', records: many }] }));
    // Fresh strings and arrays, as a catalog read from its files holds them (not the ones saved).
    const copy = (s: string) => (' ' + s).slice(1);
    const known = new Map([
      ['K-1', { sku: copy('K-1'), name: copy('Same name'), images: many[0]!.images.map(copy) }],
      ['K-2', { sku: copy('K-2'), name: 'Edited elsewhere', images: ['https://cdn.example.com/other.jpg'] }],
    ]);
    const plain = await loadSnapshot(file);
    const shared = await loadSnapshot(file, known);
    const recordsOf = (l: typeof plain) => ('snapshot' in l ? l.snapshot.listings[0]!.records : []);
    expect(recordsOf(shared).map((r) => JSON.stringify(r))).toEqual(many.map((r) => JSON.stringify(r)));
    expect(recordsOf(plain).map((r) => JSON.stringify(r))).toEqual(many.map((r) => JSON.stringify(r)));
    // Strings are equal whoever holds them (not observable); the image list shows what is shared.
    const [one, two] = recordsOf(shared);
    expect(one!.images).toBe(known.get('K-1')!.images);
    // What differs from the catalog is the record's own.
    expect(two!.name).toBe('Édité ☃');
    expect(two!.images).toEqual(['https://cdn.example.com/3.jpg']);
    expect(two!.images).not.toBe(known.get('K-2')!.images);
  });

  it('retires the plain-JSON snapshot an earlier version kept for the same scope', async () => {
    const file = snapshotPath(dir, 'https://seller.example.com', 'legacy');
    const legacy = file.replace(/\.snapshot$/, '.json');
    writeFileSync(legacy, '{"format":2}');
    await saveSnapshot(file, snapshot());
    expect(existsSync(legacy)).toBe(false);
    expect('snapshot' in (await loadSnapshot(file))).toBe(true);
  });

  it('is named after the origin and the scope', () => {
    expect(snapshotPath(dir, 'https://a.example', 's')).not.toBe(snapshotPath(dir, 'https://b.example', 's'));
    expect(snapshotPath(dir, 'https://a.example', 's')).not.toBe(snapshotPath(dir, 'https://a.example', 't'));
  });

  it('says what is wrong with a file it cannot use, and that a missing one is missing', async () => {
    const file = join(dir, 'x.json');
    expect(await loadSnapshot(file)).toEqual({ missing: true });
    // A snapshot of an earlier shelf (plain JSON) is of another format, even cut short.
    writeFileSync(file, '{"format":2,"origin":');
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot was written in another format (2)' });
    await saveSnapshot(file, snapshot());
    const whole = readFileSync(file);
    writeFileSync(file, editHead(whole, (json) => json.replace(`"format":${SNAPSHOT_FORMAT}`, '"format":99')));
    expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot was written in another format (99)' });
    const corrupt = [
      whole.subarray(0, whole.length - 1),
      whole.subarray(0, 20),
      Buffer.from('garbage'),
      // One listing more than the records hold.
      editHead(whole, (json) => json.replace('"queries":[', '"queries":["approved=true",')),
      // A string index past the end of the strings: the first record's SKU, after the one attribute
      // set (count, keys, COLOR: a string, N: an integer, B: true) and the listing counts.
      withInt(whole, 1 + 1 + 3 + 3 + 2 + 1 + 1, 0x7fffff00),
      editHead(whole, (json) => json.replace('"ints":', '"ints":1')),
    ];
    for (const bytes of corrupt) {
      writeFileSync(file, bytes);
      expect(await loadSnapshot(file)).toEqual({ problem: 'the snapshot is corrupt' });
    }
  });

  describe('after an incremental read, only what changed is saved', () => {
    /** A scope of many records: a change of a few is worth a changes file. */
    const many = (n: number) => Array.from({ length: n }, (_, i) => normalizeProduct({ sku: `M-${i}`, name: `Many ${i}`, base_code: 'M', category: 'c1', attributes: { COLOR: 'Red' }, approved: true, updated_at: '2026-01-02T00:00:00Z', price: '1.00' })!);
    const scope = (records: RemoteProduct[], over: Partial<Snapshot> = {}) => snapshot({ listings: [{ query: 'approved=true', records }], ...over });

    /** Records in SKU order: a listing's order carries no meaning (changed records come back last). */
    const bySku = (s: Snapshot): Snapshot => ({ ...s, listings: s.listings.map((l) => ({ ...l, records: [...l.records].sort((a, b) => a.sku.localeCompare(b.sku)) })) });

    async function loaded(file: string): Promise<{ snapshot: Snapshot; base: SnapshotBase }> {
      const result = await loadSnapshot(file);
      if (!('snapshot' in result)) throw new Error(JSON.stringify(result));
      return result;
    }

    /** Loads, changes record 3, deletes record 5 (and the record a previous edit added), adds one, saves the changes. */
    async function editAndSave(file: string, label: string): Promise<Snapshot> {
      const { snapshot: before, base } = await loaded(file);
      const gone = ['M-5', ...before.listings[0]!.records.filter((p) => p.sku.startsWith('N-')).map((p) => p.sku)];
      const edited = { ...before.listings[0]!.records.find((p) => p.sku === 'M-3')!, name: label };
      const added = normalizeProduct({ sku: `N-${label}`, name: 'New', base_code: 'N', category: 'c1', attributes: {}, approved: true, updated_at: '2026-01-03T00:00:00Z' })!;
      const records = [...before.listings[0]!.records.filter((p) => !gone.includes(p.sku) && p.sku !== 'M-3'), edited, added];
      const after = { ...before, serverTime: '2026-01-04T00:00:00.000Z', savedAt: before.savedAt + 1, listings: [{ query: 'approved=true', records }] };
      await saveSnapshot(file, after, { base, changes: [{ records: [edited, added], removed: gone }] });
      return after;
    }

    it('writes a changes file beside the snapshot, leaves the snapshot file as it was, and loads as the whole', async () => {
      const file = snapshotPath(dir, 'https://seller.example.com', 'changes');
      await saveSnapshot(file, scope(many(100)));
      const whole = readFileSync(file);
      const first = await editAndSave(file, 'first');
      expect(readFileSync(file).equals(whole)).toBe(true);
      expect(existsSync(changesPath(file))).toBe(true);
      expect(bySku((await loaded(file)).snapshot)).toEqual(bySku(first));
      // Changes pile up against the same snapshot file.
      const second = await editAndSave(file, 'second');
      expect(readFileSync(file).equals(whole)).toBe(true);
      const back = (await loaded(file)).snapshot;
      expect(bySku(back)).toEqual(bySku(second));
      expect(back.listings[0]!.records.map((p) => p.sku)).toContain('N-second');
      expect(back.listings[0]!.records.map((p) => p.sku)).not.toContain('N-first');
      expect(back.listings[0]!.records.map((p) => p.sku)).not.toContain('M-5');
      expect(back.listings[0]!.records.find((p) => p.sku === 'M-3')?.name).toBe('second');
    });

    it('saves the whole snapshot when much changed, and a whole save retires the changes file', async () => {
      const file = snapshotPath(dir, 'https://seller.example.com', 'large change');
      await saveSnapshot(file, scope(many(100)));
      await editAndSave(file, 'small');
      expect(existsSync(changesPath(file))).toBe(true);
      const { snapshot: before, base } = await loaded(file);
      const renamed = before.listings[0]!.records.map((p, i) => (i < 20 ? { ...p, name: 'renamed' } : p));
      const after = { ...before, listings: [{ query: 'approved=true', records: renamed }] };
      await saveSnapshot(file, after, { base, changes: [{ records: renamed.slice(0, 20), removed: [] }] });
      expect(existsSync(changesPath(file))).toBe(false);
      expect((await loaded(file)).snapshot).toEqual(after);
    });

    it('ignores a changes file that is corrupt, of another snapshot file or of another full read: the snapshot file alone is an older, consistent picture', async () => {
      const file = snapshotPath(dir, 'https://seller.example.com', 'ignored');
      const original = scope(many(100));
      await saveSnapshot(file, original);
      await editAndSave(file, 'x');
      const changes = readFileSync(changesPath(file));
      const spoiled = [
        changes.subarray(0, changes.length - 20),
        editHead(changes, (json) => json.replace(/"base":"[^"]+"/, '"base":"another"')),
        editHead(changes, (json) => json.replace('"fullReadAt":1000', '"fullReadAt":2000')),
        editHead(changes, (json) => json.replace('"removed":["M-5"]', '"removed":[5]')),
      ];
      for (const bytes of spoiled) {
        expect(bytes.equals(changes)).toBe(false);
        writeFileSync(changesPath(file), bytes);
        expect((await loaded(file)).snapshot).toEqual(original);
      }
      // A changes file copied from another scope's snapshot names another snapshot file.
      const other = snapshotPath(dir, 'https://seller.example.com', 'other');
      await saveSnapshot(other, original);
      writeFileSync(changesPath(other), changes);
      expect((await loaded(other)).snapshot).toEqual(original);
    });
  });
});
