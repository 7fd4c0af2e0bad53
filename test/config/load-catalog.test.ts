import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/validate.bench.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { HOODIES, TSHIRTS } from './repo-fixture.js';

afterAll(removeRepos);

const errorsOf = (diags: { severity: string; code: string }[]) => diags.filter((d) => d.severity === 'error');

describe('loadCatalog', () => {
  it('reads a large catalog in pieces even without worker threads, one object per distinct attribute set', { timeout: 60_000 }, async () => {
    // From TypeScript sources there are no workers, as on one core: read whole, this catalog's
    // largest file would be one syntax tree. Pieces go through the collector that shares values.
    const dir = makeRepo({});
    generateCatalog(dir, 25_000);
    const catalog = await loadCatalog(dir);
    expect(errorsOf(catalog.diagnostics)).toEqual([]);
    expect(catalog.products.size).toBe(25_000);
    const sets = new Map<string, Set<object>>();
    for (const p of catalog.products.values()) {
      const key = JSON.stringify(Object.entries(p.attributes));
      sets.set(key, (sets.get(key) ?? new Set()).add(p.attributes));
    }
    expect(sets.size).toBeGreaterThan(1);
    for (const objects of sets.values()) expect(objects.size).toBe(1);
  });

  it.each(['basic', 'fashion', 'erp-feed'])('finds the bundled example %s valid', async (name) => {
    const catalog = await loadCatalog(join(import.meta.dirname, '..', '..', 'examples', name));
    expect(errorsOf(catalog.diagnostics)).toEqual([]);
    expect(catalog.products.size).toBeGreaterThan(0);
  });

  it('expands families: attributes merge over the family, other fields replace it, sources follow', async () => {
    const dir = makeRepo({
      'catalog/hoodies.yaml': [
        'families:',
        '  - base_code: AKN-HOODIE',
        '    name: Akinon Hoodie',
        `    category: ${TSHIRTS}`,
        '    attributes: {COLOR: Black, MATERIAL: Fleece}',
        '    images: [https://cdn.example.com/h.jpg]',
        '    price: "499.00"',
        '    variants:',
        '      - {sku: AKN-HOODIE-BK-S, attributes: {SIZE: S}, stock: 4}',
        '      - sku: AKN-HOODIE-GY-M',
        '        attributes: {SIZE: M, COLOR: Grey}',
        `        category: ${HOODIES}`,
        '        price: 479',
        '        stock: 0',
        '',
      ].join('\n'),
    });
    const { products, diagnostics, files } = await loadCatalog(dir);
    expect(diagnostics).toEqual([]);
    expect(files).toEqual(['catalog/hoodies.yaml']);
    const s = products.get('AKN-HOODIE-BK-S')!;
    const m = products.get('AKN-HOODIE-GY-M')!;
    expect({ ...s.attributes }).toEqual({ COLOR: 'Black', MATERIAL: 'Fleece', SIZE: 'S' });
    expect({ ...m.attributes }).toEqual({ COLOR: 'Grey', MATERIAL: 'Fleece', SIZE: 'M' });
    expect([s.base_code, s.category, s.price, s.stock]).toEqual(['AKN-HOODIE', TSHIRTS, '499.00', 4]);
    expect([m.category, m.price, m.stock, m.images]).toEqual([HOODIES, '479.00', 0, ['https://cdn.example.com/h.jpg']]);
    expect(s.source).toEqual({ file: 'catalog/hoodies.yaml', line: 9, column: 10 });
    expect(s.fieldSources.price).toMatchObject({ line: 7 });
    expect(m.fieldSources.price).toMatchObject({ line: 13 });
    expect(m.fieldSources['attributes.COLOR']).toMatchObject({ line: 11 });
    expect(m.fieldSources['attributes.MATERIAL']).toMatchObject({ line: 5 });
    expect(m.fieldSources.category).toMatchObject({ line: 12 });
  });

  it.each([
    ['the fast reader', ''],
    ['the full YAML reader', '---\n'],
  ])('a numeric SKU is told to be quoted as written, zeros kept (%s)', async (_reader, head) => {
    const dir = makeRepo({
      'catalog/a.yaml': `${head}products:\n  - sku: 00123\n    name: Shirt\n    base_code: A\n    category: ${TSHIRTS}\n`,
    });
    const { diagnostics } = await loadCatalog(dir);
    const wrongType = diagnostics.find((d) => d.code === 'wrong-type');
    expect(wrongType?.detail).toBe('Quote the value so it stays text exactly as written, e.g. "00123".');
  });

  it('keeps prices exact and normalizes names and uuids', async () => {
    const decomposed = 'Linen Tee \u00c9dition E\u0301te\u0301';
    const dir = makeRepo({
      'catalog/a.yaml': [
        'products:',
        `  - {sku: P-1, base_code: P, name: "${decomposed}", category: ${TSHIRTS.toUpperCase()}, price: 199.9}`,
        `  - {sku: P-2, base_code: P, name: x, category: ${TSHIRTS}, price: "199.90", retail_price: 9999999999.99}`,
        `  - {sku: P-3, base_code: P, name: x, category: ${TSHIRTS}, price: 199.90, stock: "10"}`,
        '',
      ].join('\n'),
    });
    const { products, diagnostics } = await loadCatalog(dir);
    expect(diagnostics).toEqual([]);
    expect(['P-1', 'P-2', 'P-3'].map((k) => products.get(k)!.price)).toEqual(['199.90', '199.90', '199.90']);
    expect(products.get('P-2')!.retail_price).toBe('9999999999.99');
    expect(products.get('P-3')!.stock).toBe(10);
    expect(products.get('P-1')!.name).toBe('Linen Tee \u00c9dition \u00c9t\u00e9');
    expect(products.get('P-1')!.name).not.toBe(decomposed);
    expect(products.get('P-1')!.category).toBe(TSHIRTS);
  });

  it('reads a price too large to hold from its text, never through a float', async () => {
    const dir = makeRepo({ 'catalog/a.yaml': `products:\n  - {sku: P-1, base_code: P, name: x, category: ${TSHIRTS}, price: 12345678901234567.89}\n` });
    const [d, ...rest] = (await loadCatalog(dir)).diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('price-too-large');
    // A binary float would print 12345678901234568.
    expect(d!.summary).toContain('12345678901234567.89 has 17 digits before the decimal point');
  });

  it('merges feeds from any file, pointing each value at its feed entry', async () => {
    const dir = makeRepo({
      'catalog/z-products.yaml': `products:\n  - {sku: A-1, base_code: A, name: x, category: ${TSHIRTS}}\n`,
      'catalog/feeds/prices.yaml': 'prices:\n  A-1: {price: "10.00", retail_price: 12}\n',
      'catalog/feeds/stocks.yml': 'stocks:\n  A-1: 7\n',
      'catalog/notes.txt': 'not a catalog file',
    });
    const { products, diagnostics, files } = await loadCatalog(dir);
    expect(diagnostics).toEqual([]);
    expect(files).toEqual(['catalog/feeds/prices.yaml', 'catalog/feeds/stocks.yml', 'catalog/z-products.yaml']);
    const p = products.get('A-1')!;
    expect([p.price, p.retail_price, p.stock]).toEqual(['10.00', '12.00', 7]);
    expect(p.fieldSources.price).toEqual({ file: 'catalog/feeds/prices.yaml', line: 2, column: 3 });
    expect(p.fieldSources.stock).toEqual({ file: 'catalog/feeds/stocks.yml', line: 2, column: 3 });
  });

  it('names both places when a SKU or a price is given twice', async () => {
    const dir = makeRepo({
      'catalog/a.yaml': `products:\n  - {sku: A-1, base_code: A, name: x, category: ${TSHIRTS}, stock: 1}\n`,
      'catalog/b.yaml': `products:\n  - {sku: A-1, base_code: A, name: y, category: ${TSHIRTS}}\nstocks:\n  A-1: 2\n`,
    });
    const { products, diagnostics } = await loadCatalog(dir);
    const dup = diagnostics.find((d) => d.code === 'duplicate-sku')!;
    expect(dup.source).toEqual({ file: 'catalog/b.yaml', line: 2, column: 6 });
    expect(dup.detail).toContain('catalog/a.yaml:2:6');
    const twice = diagnostics.find((d) => d.code === 'stock-given-twice')!;
    expect(twice.source).toMatchObject({ file: 'catalog/b.yaml', line: 4 });
    expect(twice.detail).toContain('catalog/a.yaml:2:');
    // The first definition wins; the duplicate is not merged into it.
    expect(products.get('A-1')!.name).toBe('x');
  });

  it('reports problems in every file in one run, with the SKU they concern', async () => {
    const dir = makeRepo({
      'catalog/a.yaml': `products:\n  - {sku: A-1, base_code: A, name: x, category: nope}\n`,
      'catalog/b.yaml': 'products: [\n',
      'catalog/c.yaml': `products:\n  - {sku: C-1, base_code: C, name: x, category: ${TSHIRTS}, stock: -1}\n`,
    });
    const { diagnostics } = await loadCatalog(dir);
    expect(diagnostics.map((d) => [d.source?.file, d.code, d.sku])).toEqual([
      ['catalog/a.yaml', 'invalid-uuid', 'A-1'],
      ['catalog/b.yaml', 'yaml-syntax', undefined],
      ['catalog/c.yaml', 'invalid-stock', 'C-1'],
    ]);
  });

  it('follows the files globs of shelf.yaml and warns when they match nothing', async () => {
    const dir = makeRepo({
      'shelf.yaml': 'files: ["products/*.yaml", "feeds/{prices,stocks}.yaml"]\n',
      'products/a.yaml': `products:\n  - {sku: A-1, base_code: A, name: x, category: ${TSHIRTS}}\n`,
      'products/deeper/b.yaml': 'this: is not matched\n',
      'feeds/stocks.yaml': 'stocks:\n  A-1: 3\n',
      'feeds/other.yaml': 'not: matched\n',
      'catalog/ignored.yaml': 'not: matched\n',
    });
    const loaded = await loadCatalog(dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toEqual(['feeds/stocks.yaml', 'products/a.yaml']);
    expect(loaded.products.get('A-1')!.stock).toBe(3);
    const empty = await loadCatalog(makeRepo({ 'shelf.yaml': 'prune: true\n' }));
    expect(empty.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'no-catalog-files']]);
  });
});
