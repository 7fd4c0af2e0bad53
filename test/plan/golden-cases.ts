/** The fixture set behind the golden plan outputs: one function per case, each a desired catalog and remote records. */
import type { DesiredCatalog } from '../../src/model/catalog.js';
import type { RemoteProduct } from '../../src/model/product.js';
import { normalizeProduct } from '../../src/remote/normalize-product.js';
import { catalog, dec, desired, HOODIES, remote, remoteOf } from './build.js';

export interface GoldenCase {
  catalog: DesiredCatalog;
  remote: RemoteProduct[];
}

const src = (line: number, column = 7) => ({ file: 'catalog/tshirts.yaml', line, column });

export const GOLDEN_CASES: Record<string, () => GoldenCase> = {
  'no-changes': () => {
    const d = desired('AKN-TSHRT-RD-S', { source: src(2), price: dec('199.90'), stock: 10 });
    // The API's own forms (a price without its last zero, stock as text), read as shelf reads them.
    return { catalog: catalog([d]), remote: [normalizeProduct(remoteOf(d, { price: '199.9' as never, stock: '10' as never }))!] };
  },

  creates: () => ({
    catalog: catalog([
      desired('AKN-TSHRT-RD-S', {
        source: src(2),
        name: 'Akinon Red T-shirt',
        images: ['https://cdn.example.com/tshirt-red.jpg'],
        price: dec('199.9'),
        retail_price: dec('249.90'),
        stock: 10,
      }),
      desired('AKN-TSHRT-RD-M', { source: src(12), name: 'Akinon Red T-shirt', attributes: { COLOR: 'Red', SIZE: 'M' } }),
    ]),
    remote: [],
  }),

  updates: () => {
    const base = {
      name: 'Akinon Organic Cotton T-shirt with a relaxed fit and ribbed collar',
      images: ['https://cdn.example.com/front.jpg', 'https://cdn.example.com/back.jpg'],
      price: dec('199.90'),
      retail_price: dec('249.90'),
      stock: 10,
    };
    const name = desired('AKN-A', {
      ...base,
      source: src(2),
      name: 'Akinon Organic Cotton T-shirt with a regular fit and ribbed collar',
    });
    const attrs = desired('AKN-B', {
      ...base,
      source: src(14),
      attributes: { COLOR: 'Blue', SIZE: 'S', MATERIAL: 'Cotton', ESTIMATED_SHIPPING_DURATION: 2 },
      fieldSources: { 'attributes.COLOR': src(16, 21) },
    });
    const images = desired('AKN-C', { ...base, source: src(26), images: [...base.images].reverse() });
    const offers = desired('AKN-D', {
      ...base,
      source: src(38),
      price: dec('179.9'),
      stock: 0,
      fieldSources: { price: { file: 'catalog/prices.yaml', line: 4, column: 11 }, stock: { file: 'catalog/stocks.yaml', line: 9, column: 13 } },
    });
    const category = desired('AKN-E', { ...base, source: src(50), category: HOODIES, restrict_for_others: true, product: 'e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30' });
    return {
      catalog: catalog([name, attrs, images, offers, category]),
      remote: [
        remoteOf(name, { name: base.name }),
        remoteOf(attrs, { attributes: { COLOR: 'Red', SIZE: 'S', FIT: 'Slim', ESTIMATED_SHIPPING_DURATION: '2' } }),
        remoteOf(images, { images: base.images }),
        remoteOf(offers, { price: dec('199.90'), stock: 10 }),
        remoteOf(category, { category: desired('X').category, restrict_for_others: false, product: null }),
      ],
    };
  },

  deletes: () => {
    const kept = desired('AKN-KEEP', { source: src(2) });
    return {
      catalog: catalog([kept], {
        prune: true,
        protect: ['AKN-HERO-*'],
        scope: { skuPrefixes: ['AKN-'], categories: [] },
        maxDestroy: { kind: 'count', value: 5 },
      }),
      remote: [
        remoteOf(kept),
        remote('AKN-OLD-1', { name: 'Old product', price: dec('50'), stock: 3 }),
        remote('AKN-OLD-2', { name: 'Old product two', approved: false }),
        remote('AKN-HERO-1'),
        remote('OTHER-1'),
      ],
    };
  },

  /** Six of ten products in scope would go: over `max_destroy: 20%`; the views show the refusal. */
  'guards-refused': () => {
    const kept = ['AKN-0', 'AKN-1', 'AKN-2', 'AKN-3'].map((sku, i) => desired(sku, { source: src(2 + i * 8) }));
    const gone = ['AKN-4', 'AKN-5', 'AKN-6', 'AKN-7', 'AKN-8', 'AKN-9'].map((sku) => remote(sku));
    return {
      catalog: catalog(kept, {
        prune: true,
        maxDestroy: { kind: 'percent', value: 20 },
        sources: { max_destroy: { file: 'shelf.yaml', line: 4, column: 14 } },
      }),
      remote: [...kept.map((d) => remoteOf(d)), ...gone],
    };
  },

  'unknown-values': () => {
    const d = desired('AKN-TSHRT-RD-S', { source: src(2), price: dec('199.90'), retail_price: dec('249.90'), stock: 0 });
    return { catalog: catalog([d]), remote: [remoteOf(d, { price: undefined, retail_price: undefined, stock: undefined })] };
  },

  'truncation-2000': () => {
    const products = Array.from({ length: 2000 }, (_, i) => {
      const sku = `AKN-BULK-${String(i).padStart(4, '0')}`;
      return desired(sku, { source: src(2 + i * 9), name: `Bulk product number ${i}`, price: dec('19.90'), stock: i % 7 });
    });
    // Every third SKU exists with an older price and stock: a mix of creates and updates.
    const remotes = products.filter((_, i) => i % 3 === 0).map((d) => remoteOf(d, { price: dec('17.90'), stock: 100 }));
    return { catalog: catalog(products), remote: remotes };
  },
};
