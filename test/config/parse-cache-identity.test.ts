/**
 * A large catalog file's identity on disk may spare reading it — only when it was recorded
 * after the file had stood unchanged, and never once the file changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { parseCacheEntryPath, parseCacheIdentityPath } from '../../src/config/parse-cache.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TSHIRTS } from './repo-fixture.js';

/** Every catalog file the loader reads, by path. */
const reads = vi.hoisted(() => [] as string[]);
vi.mock('../../src/config/parallel/shared-bytes.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/config/parallel/shared-bytes.js')>();
  return {
    ...actual,
    readFileShared: (path: string) => {
      reads.push(path);
      return actual.readFileShared(path);
    },
  };
});

/** Every catalog file hashed a piece at a time (without being held whole), by path. */
const hashed = vi.hoisted(() => [] as string[]);
vi.mock('../../src/config/parse-cache-identity.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/config/parse-cache-identity.js')>();
  return {
    ...actual,
    fileContentHash: (path: string) => {
      hashed.push(path);
      return actual.fileContentHash(path);
    },
  };
});

afterAll(removeRepos);
beforeEach(() => {
  reads.splice(0);
  hashed.splice(0);
});

const CACHE_ALL = { parseCacheMinBytes: 0 };
/** A clock well after the files were written: they have stood unchanged long enough to be vouched for. */
const later = () => Date.now() + 60_000;

function repo(): string {
  return makeRepo({
    'shelf.yaml': 'scope:\n  sku_prefixes: ["PI-"]\n',
    'catalog/a.yaml': `products:\n  - {sku: PI-1, base_code: B, name: First, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, price: "10.90"}\n`,
  });
}

const readsOfCatalog = () => reads.filter((path) => path.endsWith(join('catalog', 'a.yaml')));
const hashesOfCatalog = () => hashed.filter((path) => path.endsWith(join('catalog', 'a.yaml')));
const forget = () => {
  reads.splice(0);
  hashed.splice(0);
};

describe('the identity of a cached catalog file', () => {
  it('spares reading a file that has stood unchanged, and gives the same catalog', async () => {
    const root = repo();
    const first = await loadCatalog(root, { ...CACHE_ALL, now: later });
    expect(existsSync(parseCacheIdentityPath(root, 'catalog/a.yaml'))).toBe(true);
    expect(readsOfCatalog()).toHaveLength(1);
    forget();
    const second = await loadCatalog(root, { ...CACHE_ALL, now: later });
    expect(readsOfCatalog()).toEqual([]);
    expect(hashesOfCatalog()).toEqual([]);
    expect(JSON.stringify([...second.products])).toBe(JSON.stringify([...first.products]));
  });

  it('is not recorded for a file changed moments before (a change in the same tick could keep its times)', async () => {
    const root = repo();
    await loadCatalog(root, CACHE_ALL);
    expect(existsSync(parseCacheIdentityPath(root, 'catalog/a.yaml'))).toBe(false);
    forget();
    const again = await loadCatalog(root, CACHE_ALL);
    // Hashed a piece at a time, never read whole: the entry is found by the bytes' hash.
    expect(hashesOfCatalog()).toHaveLength(1);
    expect(readsOfCatalog()).toEqual([]);
    expect(again.products.get('PI-1')?.name).toBe('First');
  });

  it('no longer vouches once the file is edited, even to the same size', async () => {
    const root = repo();
    await loadCatalog(root, { ...CACHE_ALL, now: later });
    const file = join(root, 'catalog', 'a.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('First', 'Fresh'));
    forget();
    const after = await loadCatalog(root, { ...CACHE_ALL, now: later });
    expect(hashesOfCatalog()).toHaveLength(1);
    expect(readsOfCatalog()).toHaveLength(1);
    expect(after.products.get('PI-1')?.name).toBe('Fresh');
  });

  it('is ignored when its record is unreadable or of another file', async () => {
    const root = repo();
    await loadCatalog(root, { ...CACHE_ALL, now: later });
    const record = parseCacheIdentityPath(root, 'catalog/a.yaml');
    for (const text of ['not json', readFileSync(record, 'utf8').replace(/"ino":"\d+"/, '"ino":"1"')]) {
      writeFileSync(record, text);
      forget();
      const loaded = await loadCatalog(root, { ...CACHE_ALL, now: later });
      expect(hashesOfCatalog()).toHaveLength(1);
      expect(readsOfCatalog()).toEqual([]);
      expect(loaded.products.get('PI-1')?.name).toBe('First');
    }
  });

  it('reads and parses the file when the entry it vouches for is spoilt, and writes the entry again', async () => {
    const root = repo();
    const first = await loadCatalog(root, { ...CACHE_ALL, now: later });
    const entry = parseCacheEntryPath(root, 'catalog/a.yaml');
    const whole = readFileSync(entry);
    writeFileSync(entry, whole.subarray(0, whole.length - 8));
    forget();
    const again = await loadCatalog(root, { ...CACHE_ALL, now: later });
    // Vouched for: not hashed first, but read (once) and parsed.
    expect(hashesOfCatalog()).toEqual([]);
    expect(readsOfCatalog()).toHaveLength(1);
    expect(JSON.stringify([...again.products])).toBe(JSON.stringify([...first.products]));
    expect(readFileSync(entry).equals(whole)).toBe(true);
  });
});
