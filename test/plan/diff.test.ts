import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { fingerprintRemote } from '../../src/plan/fingerprint.js';
import { UNKNOWN } from '../../src/plan/types.js';
import { normalizeProduct } from '../../src/remote/normalize-product.js';
import { catalog, dec, desired, HOODIES, remote, remoteOf } from './build.js';

describe('diffCatalog', () => {
  it('creates SKUs missing remotely, with every managed field', () => {
    const d = desired('AKN-1', { price: dec('199.9'), stock: 10 });
    const plan = diffCatalog(catalog([d]), []);
    expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 0, unchanged: 0 });
    const [c] = plan.changes;
    expect(c!.action).toBe('create');
    expect(c!.changed).toEqual(['name', 'base_code', 'category', 'attributes', 'price', 'stock']);
    expect(c!.fields.find((f) => f.path === 'attributes.COLOR')!.after).toBe('Red');
    expect(c!.remoteFingerprint).toBeNull();
    expect(c!.source).toEqual(d.source);
  });

  it('sees no change where values differ only in form: decimals, numeric stock text, numeric attributes', () => {
    const d = desired('AKN-1', {
      price: dec('199.9'),
      retail_price: dec('250'),
      stock: 10,
      attributes: { COLOR: 'Red', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: 1, WEIGHT: '1.5' },
    });
    // The API's own forms, read as shelf reads them (normalized once, where the record enters).
    const r = normalizeProduct(
      remoteOf(d, {
        price: '199.90' as never,
        retail_price: dec('250.00'),
        stock: '10' as never,
        attributes: { COLOR: 'Red', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: '1', WEIGHT: 1.5 },
      }),
    )!;
    const plan = diffCatalog(catalog([d]), [r]);
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(1);
    expect(plan.cost).toEqual([]);
  });

  it('sees a difference in attributes alone, whatever its kind, and none in attributes equal in form or order', () => {
    const want = { COLOR: 'Red', SIZE: 'S' };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ SIZE: 'S', COLOR: 'Red' }, []],
      [{ COLOR: 'Red', SIZE: 'S', FIT: 'Slim' }, ['attributes.FIT']],
      [{ COLOR: 'Red' }, ['attributes.SIZE']],
      [{ COLOR: 'Red', SIZE: null }, ['attributes.SIZE']],
      [{ COLOR: 'Blue', SIZE: 'S' }, ['attributes.COLOR']],
      [{ COLOR: 'Red', SIZE: 'S', GONE: undefined }, []],
    ];
    for (const [have, paths] of cases) {
      const d = desired('AKN-1', { attributes: { ...want } });
      const r = remoteOf(d, { attributes: have as never });
      const plan = diffCatalog(catalog([d]), [r]);
      expect(plan.changes.flatMap((c) => c.fields.map((f) => f.path))).toEqual(paths);
    }
  });

  it('reports each field kind that changes, with before and after', () => {
    const d = desired('AKN-1', {
      name: 'New name',
      category: HOODIES,
      attributes: { COLOR: 'Blue', SIZE: 'S', MATERIAL: 'Cotton' },
      images: ['https://cdn/b.jpg', 'https://cdn/a.jpg'],
      product: 'e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30',
      restrict_for_others: true,
      price: dec('179.90'),
      retail_price: dec('249.90'),
      stock: 3,
    });
    const r = remote('AKN-1', {
      name: 'Old name',
      attributes: { COLOR: 'Red', SIZE: 'S', FIT: 'Slim' },
      images: ['https://cdn/a.jpg', 'https://cdn/b.jpg'],
      restrict_for_others: false,
      price: dec('199.90'),
      retail_price: dec('249.9'),
      stock: 10,
    });
    const plan = diffCatalog(catalog([d]), [r]);
    const [c] = plan.changes;
    expect(c!.action).toBe('update');
    expect(c!.changed).toEqual(['name', 'category', 'attributes', 'images', 'product', 'restrict_for_others', 'price', 'stock']);
    const byPath = Object.fromEntries(c!.fields.map((f) => [f.path, [f.before, f.after]]));
    expect(byPath).toEqual({
      name: ['Old name', 'New name'],
      category: [r.category, HOODIES],
      'attributes.COLOR': ['Red', 'Blue'],
      'attributes.FIT': ['Slim', undefined],
      'attributes.MATERIAL': [undefined, 'Cotton'],
      images: [r.images, d.images],
      product: [null, d.product],
      restrict_for_others: [false, true],
      price: ['199.90', '179.90'],
      stock: [10, 3],
    });
    expect(c!.remoteFingerprint).toBe(fingerprintRemote(r));
  });

  it('never manages an optional field the catalog leaves out, nor remote fields shelf does not know', () => {
    const d = desired('AKN-1');
    const r = remote('AKN-1', {
      images: ['https://cdn/x.jpg'],
      product: 'e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30',
      restrict_for_others: true,
      price: dec('5'),
      stock: 7,
      ...({ description: 'ignored', unknown_field: 1 } as object),
    });
    expect(diffCatalog(catalog([d]), [r]).changes).toEqual([]);
  });

  it('marks a managed value the API did not return as unknown, never as zero', () => {
    const d = desired('AKN-1', { price: dec('10'), stock: 0, restrict_for_others: false });
    const r = remoteOf(d, { price: undefined, stock: undefined, restrict_for_others: undefined });
    const [c] = diffCatalog(catalog([d]), [r]).changes;
    expect(c!.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ['restrict_for_others', UNKNOWN, false],
      ['price', UNKNOWN, '10.00'],
      ['stock', UNKNOWN, 0],
    ]);
  });

  it('deletes only with prune, only inside the scope, never protected SKUs', () => {
    const d = desired('AKN-1');
    const remotes = [remoteOf(d), remote('AKN-2'), remote('AKN-HERO-1'), remote('OTHER-1'), remote('AKN-3', { category: HOODIES })];
    expect(diffCatalog(catalog([d]), remotes).changes).toEqual([]);

    const plan = diffCatalog(
      catalog([d], {
        prune: true,
        protect: ['AKN-HERO-*'],
        scope: { skuPrefixes: ['AKN-'], categories: [d.category] },
      }),
      remotes,
    );
    expect(plan.changes.map((c) => [c.sku, c.action])).toEqual([['AKN-2', 'delete']]);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 1, unchanged: 1 });
    expect(plan.warnings.map((w) => w.code)).toEqual(['protected-not-deleted']);
    expect(plan.warnings[0]!.summary).toContain('AKN-HERO-1');
  });

  it('limits creates, updates and deletes to --target SKUs', () => {
    const a = desired('AKN-A', { stock: 1 });
    const b = desired('AKN-B');
    const plan = diffCatalog(catalog([a, b], { prune: true }), [remoteOf(a, { stock: 2 }), remote('AKN-C')], {
      targets: ['AKN-A', 'AKN-C'],
    });
    expect(plan.changes.map((c) => [c.sku, c.action])).toEqual([
      ['AKN-A', 'update'],
      ['AKN-C', 'delete'],
    ]);
  });

  it('sorts changes by SKU', () => {
    const plan = diffCatalog(catalog([desired('B-1'), desired('A-1'), desired('C-1')]), []);
    expect(plan.changes.map((c) => c.sku)).toEqual(['A-1', 'B-1', 'C-1']);
  });
});
