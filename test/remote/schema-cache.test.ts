import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCategoryAttributes, readLanguages } from '../../src/remote/categories.js';
import { cachedOrigins, readCachedSchemas, SCHEMA_CACHE_LIFETIME_MS, saveSchemas } from '../../src/remote/schema-cache.js';

const dirs: string[] = [];
const cacheFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-schema-cache-'));
  dirs.push(dir);
  return join(dir, '.shelf', 'category-schemas.json');
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const attributes = readCategoryAttributes([
  { key: 'COLOR', name: 'Color', data_type: 'dropdown', values: [{ id: 1, label: 'Red', value: 'Red' }], is_required: true, is_offer: false },
  { key: 'CARE', name: 'Care', data_type: 'text', values: [], is_localizable: true, extra_field: 1 },
]);

describe('CTG102 and LNG001 readers', () => {
  it('read is_localizable and language codes tolerantly', () => {
    expect(attributes.map((a) => [a.key, a.isLocalizable, a.isRequired])).toEqual([
      ['COLOR', false, true],
      ['CARE', true, false],
    ]);
    expect(readLanguages({ count: 2, results: [{ code: 'en-us', name: 'English' }, 'tr-tr', { name: 'no code' }] })).toEqual(['en-us', 'tr-tr']);
  });
});

describe('category schema cache', () => {
  it('keeps schemas per origin, for its lifetime', async () => {
    const file = cacheFile();
    expect(await saveSchemas(file, 'https://a.example.com', new Map([['cat-1', attributes]]), 1_000)).toBeUndefined();
    await saveSchemas(file, 'https://b.example.com', new Map([['cat-1', []]]), 2_000);
    const a = await readCachedSchemas(file, 'https://a.example.com', { now: 1_000 + SCHEMA_CACHE_LIFETIME_MS, maxAgeMs: SCHEMA_CACHE_LIFETIME_MS });
    expect(a.get('cat-1')).toEqual({ attributes, fetchedAt: 1_000 });
    expect((await readCachedSchemas(file, 'https://a.example.com', { now: 1_001 + SCHEMA_CACHE_LIFETIME_MS, maxAgeMs: SCHEMA_CACHE_LIFETIME_MS })).size).toBe(0);
    // Offline (validate) takes whatever is there.
    expect((await readCachedSchemas(file, 'https://a.example.com', { now: 10 * SCHEMA_CACHE_LIFETIME_MS })).size).toBe(1);
    expect((await readCachedSchemas(file, 'https://b.example.com', { now: 2_000 })).get('cat-1')?.attributes).toEqual([]);
    expect((await cachedOrigins(file)).sort()).toEqual(['https://a.example.com', 'https://b.example.com']);
  });

  it('drops expired entries when it saves, and replaces a category read again', async () => {
    const file = cacheFile();
    await saveSchemas(file, 'https://a.example.com', new Map([['old', attributes], ['cat', attributes]]), 0);
    await saveSchemas(file, 'https://a.example.com', new Map([['cat', []]]), SCHEMA_CACHE_LIFETIME_MS + 1);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { entries: { category: string }[] };
    expect(doc.entries.map((e) => e.category)).toEqual(['cat']);
  });

  it('treats a corrupt, foreign-version or malformed file as empty', async () => {
    const file = cacheFile();
    await saveSchemas(file, 'https://a.example.com', new Map([['cat', attributes]]), 0);
    for (const text of ['{', JSON.stringify({ shelf_category_schemas: 99, entries: [] }), JSON.stringify({ shelf_category_schemas: 1, entries: [{ origin: 1 }] })]) {
      writeFileSync(file, text);
      expect((await readCachedSchemas(file, 'https://a.example.com', { now: 0 })).size).toBe(0);
    }
  });

  it('reports a cache it cannot write instead of failing', async () => {
    const file = cacheFile();
    writeFileSync(join(file, '..', '..', 'blocker'), '');
    const blocked = join(file, '..', '..', 'blocker', 'category-schemas.json');
    expect(await saveSchemas(blocked, 'https://a.example.com', new Map([['cat', attributes]]), 0)).toMatch(/^E/);
  });
});
