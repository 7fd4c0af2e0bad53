import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Decimal } from '../../src/model/decimal.js';
import type { RemoteProduct } from '../../src/model/product.js';
import { catalogDirOf } from '../../src/import/catalog-dir.js';
import { categoryFiles, slugify } from '../../src/import/category-files.js';
import { groupProducts } from '../../src/import/group-families.js';
import { layoutImport } from '../../src/import/layout.js';
import { compareNatural } from '../../src/import/natural-order.js';
import type { Category } from '../../src/remote/types.js';

const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
const SNEAKERS = '9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d';
const TREE: Category[] = [
  { id: TSHIRTS, name: 'T-shirts', parent: 'c0a80001-0000-4000-8000-000000000001', path: ['Clothing', 'T-shirts'], isLeaf: true },
  { id: SNEAKERS, name: 'Sneakers', parent: 'c0a80001-0000-4000-8000-000000000002', path: ['Shoes', 'Sneakers'], isLeaf: true },
];

function remote(sku: string, extra: Partial<RemoteProduct> = {}): RemoteProduct {
  return {
    sku,
    name: 'Akinon T-shirt',
    base_code: 'AKN-TSHRT',
    category: TSHIRTS,
    attributes: {},
    images: [],
    videos: [],
    product: null,
    ...extra,
  };
}
const d = (s: string) => s as Decimal;

const TSHIRT_FAMILY = [
  remote('AKN-TSHRT-RD-M', { attributes: { COLOR: 'Red', SIZE: 'M', MATERIAL: 'Cotton' }, price: d('199.90'), stock: 4 }),
  remote('AKN-TSHRT-RD-S', { attributes: { COLOR: 'Red', SIZE: 'S', MATERIAL: 'Cotton' }, price: d('199.90'), stock: 0 }),
  remote('AKN-TSHRT-RD-XL', { attributes: { COLOR: 'Red', SIZE: 'XL', MATERIAL: 'Cotton' }, price: d('209.90'), stock: 2 }),
];

describe('grouping remote SKUs into families', () => {
  it('hoists what all variants share and leaves only differences on each variant', () => {
    const [entries] = groupProducts(TSHIRT_FAMILY);
    expect(entries?.products).toEqual([]);
    const family = entries?.families[0];
    expect(family).toMatchObject({ base_code: 'AKN-TSHRT', name: 'Akinon T-shirt', attributes: { COLOR: 'Red', MATERIAL: 'Cotton' } });
    expect(family?.price).toBe('199.90'); // the price most variants have; XL overrides it
    expect(family?.variants).toEqual([
      { sku: 'AKN-TSHRT-RD-M', attributes: { SIZE: 'M' }, stock: 4 },
      { sku: 'AKN-TSHRT-RD-S', attributes: { SIZE: 'S' }, stock: 0 },
      { sku: 'AKN-TSHRT-RD-XL', attributes: { SIZE: 'XL' }, price: '209.90', stock: 2 },
    ]);
  });

  it('keeps a SKU alone in its base_code + name + category as a flat product, and a shared price on the family', () => {
    const groups = groupProducts([
      remote('A-1', { base_code: 'A', name: 'One', attributes: { SIZE: 'S' }, price: d('5.00') }),
      remote('A-2', { base_code: 'A', name: 'One', attributes: { SIZE: 'M' }, price: d('5.00') }),
      remote('A-3', { base_code: 'A', name: 'Other name' }),
    ]);
    expect(groups[0]?.products.map((p) => p.sku)).toEqual(['A-3']);
    expect(groups[0]?.families[0]?.price).toBe('5.00');
    expect(groups[0]?.families[0]?.variants.every((v) => v.price === undefined)).toBe(true);
  });

  it('hoists no price when no value is held by more than half of the variants', () => {
    const [entries] = groupProducts([
      remote('C-1', { base_code: 'C', price: d('1.00') }),
      remote('C-2', { base_code: 'C', price: d('2.00') }),
    ]);
    expect(entries?.families[0]?.price).toBeUndefined();
    expect(entries?.families[0]?.variants.map((v) => v.price)).toEqual(['1.00', '2.00']);
  });

  it('never hoists an attribute some variants lack (it would be inherited by them)', () => {
    const [entries] = groupProducts([
      remote('B-1', { base_code: 'B', attributes: { SIZE: 'S', MATERIAL: 'Linen' } }),
      remote('B-2', { base_code: 'B', attributes: { SIZE: 'M' } }),
    ]);
    expect(entries?.families[0]?.attributes).toBeUndefined();
    expect(entries?.families[0]?.variants[0]?.attributes).toEqual({ SIZE: 'S', MATERIAL: 'Linen' });
  });
});

describe('category file names', () => {
  it('are readable slugs of the category path, unique, and never a feed name', () => {
    const tree: Category[] = [
      ...TREE,
      { id: 'a1', name: 'Café Crème', parent: null, path: ['Café Crème'], isLeaf: true },
      { id: 'b2', name: 'Cafe Creme', parent: null, path: ['Cafe Creme'], isLeaf: true },
      { id: 'c3', name: 'Prices', parent: null, path: ['Prices'], isLeaf: true },
    ];
    const names = categoryFiles([TSHIRTS, 'a1', 'b2', 'c3', 'missing-id'], tree);
    expect(names.get(TSHIRTS)?.file).toBe('clothing-t-shirts.yaml');
    expect(names.get('a1')?.file).not.toBe(names.get('b2')?.file);
    expect(names.get('a1')?.file.startsWith('cafe-creme-')).toBe(true);
    expect(names.get('c3')?.file).toBe('prices-products.yaml');
    expect(names.get('missing-id')?.file).toBe('category-missing-id.yaml');
    expect(slugify('Straße / Größe')).toBe('strasse-grosse');
    expect(slugify('Kadın Ayakkabı')).toBe('kadin-ayakkabi');
  });
});

describe('import layout', () => {
  const tricky = remote('AKN-X-1', {
    base_code: '2024',
    name: 'true',
    category: SNEAKERS,
    attributes: { SIZE: '42', ESTIMATED_SHIPPING_DURATION: 3, NOTE: 'yes', CODE: '0x1F', DAY: '2024-01-01', T: '1:30' },
    price: d('1249.00'),
    retail_price: d('1300.50'),
    stock: 7,
  });

  it('quotes every string a YAML 1.1 or 1.2 reader could take for something else, and prices as decimals', () => {
    const { files } = layoutImport([tricky], TREE);
    expect(files.map((f) => f.path)).toEqual(['catalog/shoes-sneakers.yaml']);
    const text = files[0]?.content ?? '';
    expect(text).toContain('price: "1249.00"');
    for (const version of ['1.1', '1.2'] as const) {
      const doc = parse(text, { version }) as { products: Record<string, unknown>[] };
      expect(doc.products[0]).toMatchObject({
        sku: 'AKN-X-1',
        base_code: '2024',
        name: 'true',
        attributes: { SIZE: '42', ESTIMATED_SHIPPING_DURATION: 3, NOTE: 'yes', CODE: '0x1F', DAY: '2024-01-01', T: '1:30' },
        price: '1249.00',
        retail_price: '1300.50',
        stock: 7,
      });
    }
  });

  it('quotes feed keys and attribute keys that would not load as strings', () => {
    const odd = remote('123', { base_code: 'N', attributes: { '1': 'one', SIZE: 'M' }, price: d('5.00'), stock: 1 });
    const { files } = layoutImport([odd, remote('no', { base_code: 'M', price: d('6.00') })], TREE, { feeds: true });
    for (const file of files) {
      const doc = parse(file.content, { version: '1.1' }) as Record<string, Record<string, unknown>>;
      if (doc.prices) expect(Object.keys(doc.prices).sort()).toEqual(['123', 'no']);
    }
    expect(files[0]?.content).toContain('"1": one');
    expect(files.find((f) => f.path.endsWith('stocks.yaml'))?.content).toContain('"123": 1');
  });

  it('writes byte-identical files whatever order the API listed the SKUs in', () => {
    const all = [...TSHIRT_FAMILY, tricky, remote('Z-9', { base_code: 'Z', name: 'Zed' })];
    const once = layoutImport(all, TREE, { feeds: true });
    const shuffled = layoutImport([...all].reverse(), TREE, { feeds: true });
    expect(shuffled.files).toEqual(once.files);
    expect(once).toMatchObject({ skus: 5, families: 1, products: 2 });
  });

  it('with feeds, moves prices and stocks out of the product files into prices.yaml and stocks.yaml', () => {
    const { files } = layoutImport(TSHIRT_FAMILY, TREE, { feeds: true, schemaHint: '# yaml-language-server: $schema=x.json' });
    expect(files.map((f) => f.path)).toEqual(['catalog/clothing-t-shirts.yaml', 'catalog/prices.yaml', 'catalog/stocks.yaml']);
    const [products, prices, stocks] = files.map((f) => f.content);
    expect(products).not.toMatch(/price|stock/);
    expect(products?.startsWith('# yaml-language-server: $schema=x.json\n')).toBe(true);
    expect(parse(prices ?? '')).toEqual({
      prices: { 'AKN-TSHRT-RD-S': { price: '199.90' }, 'AKN-TSHRT-RD-M': { price: '199.90' }, 'AKN-TSHRT-RD-XL': { price: '209.90' } },
    });
    expect(parse(stocks ?? '')).toEqual({ stocks: { 'AKN-TSHRT-RD-S': 0, 'AKN-TSHRT-RD-M': 4, 'AKN-TSHRT-RD-XL': 2 } });
  });
});

describe('catalog directory of the files glob', () => {
  it('is the fixed leading directories of the first glob', () => {
    expect(catalogDirOf(['catalog/**/*.yaml', 'catalog/**/*.yml'])).toBe('catalog');
    expect(catalogDirOf(['data/shop/*.yaml'])).toBe('data/shop');
    expect(catalogDirOf(['./catalog/*.yaml'])).toBe('catalog');
    expect(catalogDirOf(['**/*.yaml'])).toBe('');
    expect(layoutImport([remote('A-1')], TREE, { catalogDir: '' }).files[0]?.path).toBe('clothing-t-shirts.yaml');
  });
});

describe('natural order', () => {
  it('orders digit runs numerically and is total', () => {
    expect(['SN-10', 'SN-9', 'SN-09', 'SN-100', 'SN-A'].sort(compareNatural)).toEqual(['SN-09', 'SN-9', 'SN-10', 'SN-100', 'SN-A']);
  });
});
