/**
 * The search view: a table that stays aligned whatever script the names are in, one `product:`
 * line per match, the headline's counts, one JSON document. The human table is a golden file
 * (UPDATE_GOLDEN=1 rewrites it; review its diff like code).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CatalogProduct } from '../../src/remote/types.js';
import { productSnippet, renderSearchHuman, renderSearchTable, type SearchMatches, searchHeadline, searchToJson } from '../../src/views/search-format.js';
import { displayWidth } from '../../src/views/text-width.js';

const goldenFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'search', 'human.txt');
const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';

function product(n: number, name: string, overrides: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id: `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name,
    base_code: 'MKT-TEE',
    sku: `MKT-TEE-${n}`,
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: 'M' },
    images: [],
    ...overrides,
  };
}

const found: SearchMatches = {
  query: 'tee',
  count: 5,
  products: [
    product(1, 'Akinon Tee Red'),
    product(2, 'Café Crème Tee White', { attributes: { COLOR: 'White', SIZE: 'L' } }),
    // Decomposed é (e + combining acute): one column, not two.
    product(3, 'Cafe\u0301 Tee Navy'),
    product(4, 'ベーシック Tシャツ Black', { category: 'ffffffff-0000-4000-8000-000000000000' }),
  ],
  categoryPaths: { [TSHIRTS]: ['Clothing', 'T-shirts'] },
};

describe('search view', () => {
  it('counts terminal columns: combining marks none, wide characters two', () => {
    expect(displayWidth('Café')).toBe(4);
    expect(displayWidth('Cafe\u0301')).toBe(4);
    expect(displayWidth('Tシャツ')).toBe(7);
    expect(displayWidth('Ørsted')).toBe(6);
  });

  it('aligns every column of the table whatever the script of the names', () => {
    const [header, ...rows] = renderSearchTable(found);
    const skuColumn = displayWidth(header!.slice(0, header!.indexOf('SKU')));
    for (const row of rows) {
      const sku = /MKT-TEE-\d/.exec(row)!;
      expect(displayWidth(row.slice(0, sku.index))).toBe(skuColumn);
    }
  });

  it('names a category by its path, and by its uuid when the tree does not hold it', () => {
    const rows = renderSearchTable(found);
    expect(rows[1]).toContain('Clothing > T-shirts');
    expect(rows[4]).toContain('ffffffff-0000-4000-8000-000000000000');
  });

  it('gives one product: line per match that YAML reads as the uuid, with what it links to as a comment', () => {
    const line = productSnippet(found.products[1]!);
    expect(line).toBe('product: 5eed0000-0000-4000-8000-000000000002   # Café Crème Tee White (MKT-TEE-2)');
    expect(parse(line)).toEqual({ product: '5eed0000-0000-4000-8000-000000000002' });
    // A name that would break the line (a newline, an escape) is escaped in the comment.
    const hostile = productSnippet(product(9, 'Evil\nkey: value\u001b[2J'));
    expect(hostile.split('\n')).toHaveLength(1);
    expect(parse(hostile)).toEqual({ product: '5eed0000-0000-4000-8000-000000000009' });
    // An id that is not a plain token is quoted, never taken as YAML syntax.
    expect(parse(productSnippet(product(1, 'x', { id: 'a: b' })))).toEqual({ product: 'a: b' });
    expect(parse(productSnippet(product(1, 'x', { id: '42' })))).toEqual({ product: '42' });
  });

  it('says how many matched, how many are shown, and the --limit that shows them all', () => {
    expect(searchHeadline(found)).toBe('5 products in the marketplace catalog match "tee"; showing the first 4 (--limit 5 shows all):');
    expect(searchHeadline({ ...found, count: 4 })).toBe('4 products in the marketplace catalog match "tee":');
    expect(searchHeadline({ ...found, count: 1, products: [found.products[0]!] })).toBe('1 product in the marketplace catalog matches "tee":');
    expect(searchHeadline({ ...found, count: 5000 })).toContain('(--limit 1000 shows more)');
  });

  it('renders the human table and the lines to paste (golden)', () => {
    const actual = renderSearchHuman(found, { color: false });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) {
      if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`missing golden file ${goldenFile}; run with UPDATE_GOLDEN=1`);
      mkdirSync(dirname(goldenFile), { recursive: true });
      writeFileSync(goldenFile, actual);
    }
    expect(actual).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('colours only when asked (--no-color, NO_COLOR and a pipe turn it off)', () => {
    expect(renderSearchHuman(found, { color: true })).toContain('\u001b[1m');
    expect(renderSearchHuman(found, { color: false })).not.toContain('\u001b');
  });

  it('renders one JSON document with the category path and the line to paste, and errors when there are any', () => {
    const doc = searchToJson(found, 'tee', []) as { count: number; results: Record<string, unknown>[]; errors?: unknown };
    expect(doc.count).toBe(5);
    expect(doc.results[0]).toMatchObject({ category_path: ['Clothing', 'T-shirts'], yaml: 'product: 5eed0000-0000-4000-8000-000000000001' });
    expect(doc.results[3]).toMatchObject({ category_path: null });
    expect(doc).not.toHaveProperty('errors');
    const none = searchToJson(undefined, 'zzz', [{ severity: 'error', code: 'search-no-match', summary: 'No product' }]);
    expect(none).toEqual({ format_version: '1', query: 'zzz', count: 0, results: [], errors: [{ code: 'search-no-match', summary: 'No product' }] });
  });
});
