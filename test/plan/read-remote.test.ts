import { describe, expect, it } from 'vitest';
import type { RemoteProduct } from '../../src/model/product.js';
import { checkCategories } from '../../src/pipeline/check-categories.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { readRemoteCatalog, scopeFilters } from '../../src/pipeline/read-remote.js';
import { minimalPrefixes } from '../../src/plan/scope.js';
import type { Category, ProductFilter, SellerCenterClient } from '../../src/remote/types.js';
import { catalog, desired, HOODIES, remote, settings, TSHIRTS } from './build.js';

/** A listing client that filters a fixed product set like PRD102 would, and records each filter. */
function listingClient(products: RemoteProduct[], categories: Category[] = []) {
  const filters: ProductFilter[] = [];
  const client = {
    async *listProducts(filter: ProductFilter = {}) {
      filters.push(filter);
      yield products.filter(
        (p) =>
          (filter.sku === undefined || p.sku === filter.sku) &&
          (filter.sku__contains === undefined || p.sku.includes(filter.sku__contains)) &&
          (filter.category__in === undefined || filter.category__in.includes(p.category)),
      );
    },
    async categories() {
      return categories;
    },
  } as unknown as SellerCenterClient;
  return { client, filters };
}

describe('reading the remote scope', () => {
  it('lists each prefix once, with every scope category in one category__in, approved and not', () => {
    expect(minimalPrefixes(['AKN-TSHRT-', 'AKN-', 'ERP-', 'AKN-'])).toEqual(['AKN-', 'ERP-']);
    expect(scopeFilters({ skuPrefixes: ['AKN-TSHRT-', 'AKN-'], categories: [TSHIRTS, HOODIES] })).toEqual([
      { approved: 'both', sku__contains: 'AKN-', category__in: [TSHIRTS, HOODIES] },
    ]);
    expect(scopeFilters({ skuPrefixes: [], categories: [] })).toEqual([{ approved: 'both' }]);
    const many = Array.from({ length: 120 }, (_, i) => `cat-${i}`);
    expect(scopeFilters({ skuPrefixes: ['A-', 'B-'], categories: many })).toHaveLength(6);
  });

  it('keeps only SKUs that start with a prefix (the API only offers "contains")', async () => {
    const { client } = listingClient([remote('AKN-1'), remote('X-AKN-2'), remote('AKN-3', { category: HOODIES })]);
    const s = settings({ scope: { skuPrefixes: ['AKN-'], categories: [TSHIRTS] } });
    expect((await readRemoteCatalog(client, s)).map((p) => p.sku)).toEqual(['AKN-1']);
  });

  it('reads a few targets one by one with sku=, and many targets through the prefix listing', async () => {
    const all = Array.from({ length: 10 }, (_, i) => remote(`AKN-${i}`));
    const few = listingClient(all);
    const s = settings({ scope: { skuPrefixes: ['AKN-'], categories: [] } });
    expect((await readRemoteCatalog(few.client, s, { targets: ['AKN-1', 'AKN-2'] })).map((p) => p.sku)).toEqual(['AKN-1', 'AKN-2']);
    expect(few.filters).toEqual([
      { sku: 'AKN-1', approved: 'both' },
      { sku: 'AKN-2', approved: 'both' },
    ]);
    const many = listingClient(all);
    const targets = ['AKN-1', 'AKN-2', 'AKN-3', 'AKN-4', 'AKN-5', 'AKN-6'];
    expect((await readRemoteCatalog(many.client, s, { targets })).map((p) => p.sku)).toEqual(targets);
    expect(many.filters).toEqual([{ approved: 'both', sku__contains: 'AKN-' }]);
  });
});

describe('category check', () => {
  const tree: Category[] = [
    { id: 'clothing', name: 'Clothing', parent: null, path: ['Clothing'], isLeaf: false },
    { id: TSHIRTS, name: 'T-shirts', parent: 'clothing', path: ['Clothing', 'T-shirts'], isLeaf: true },
  ];

  it('names each unknown or non-leaf category once, at its first use, and asks nothing when nothing is written', async () => {
    const products = [
      desired('A-1', { category: 'nope', fieldSources: { category: { file: 'catalog/a.yaml', line: 7, column: 15 } } }),
      desired('A-2', { category: 'nope' }),
      desired('A-3', { category: 'clothing' }),
      desired('A-4'),
    ];
    const { client } = listingClient([], tree);
    const diags = await checkCategories(diffCatalog(catalog(products), []), client);
    expect(diags.map((d) => [d.code, d.sku])).toEqual([
      ['unknown-category', 'A-1'],
      ['category-not-leaf', 'A-3'],
    ]);
    expect(diags[0]!.summary).toContain('used by 2 SKUs: A-1, A-2');
    expect(diags[0]!.source).toEqual({ file: 'catalog/a.yaml', line: 7, column: 15 });
    expect(diags[1]!.detail).toContain(`${TSHIRTS} (Clothing > T-shirts)`);

    let asked = false;
    const quiet = { async categories() { asked = true; return tree; } } as unknown as SellerCenterClient;
    expect(await checkCategories(diffCatalog(catalog([]), []), quiet)).toEqual([]);
    expect(asked).toBe(false);
  });
});
