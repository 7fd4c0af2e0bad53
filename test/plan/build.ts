/** Hand-built desired and remote records for plan tests. */
import type { DesiredCatalog } from '../../src/model/catalog.js';
import { type Decimal, parseDecimal } from '../../src/model/decimal.js';
import type { DesiredProduct, RemoteProduct } from '../../src/model/product.js';
import { DEFAULT_FILES, DEFAULT_GUARDS, DEFAULT_MAX_DESTROY, DEFAULT_RATE_LIMITS, type Settings } from '../../src/model/settings.js';

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';

export const dec = (text: string): Decimal => parseDecimal(text)!;

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    root: '/repo',
    sellerCenter: { rateLimits: { ...DEFAULT_RATE_LIMITS } },
    files: [...DEFAULT_FILES],
    prune: false,
    scope: { skuPrefixes: [], categories: [] },
    protect: [],
    maxDestroy: DEFAULT_MAX_DESTROY,
    guards: { ...DEFAULT_GUARDS },
    sources: {},
    ...overrides,
  };
}

let line = 1;
export function desired(sku: string, fields: Partial<DesiredProduct> = {}): DesiredProduct {
  const at = line;
  line += 8;
  return {
    sku,
    name: `Product ${sku}`,
    base_code: sku.split('-').slice(0, 2).join('-'),
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: 'S' },
    source: { file: 'catalog/products.yaml', line: at, column: 5 },
    fieldSources: {},
    ...fields,
  };
}

export function remote(sku: string, fields: Partial<RemoteProduct> = {}): RemoteProduct {
  return {
    sku,
    name: `Product ${sku}`,
    base_code: sku.split('-').slice(0, 2).join('-'),
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: 'S' },
    images: [],
    videos: [],
    product: null,
    approved: true,
    ...fields,
  };
}

/** A remote record that matches a desired one exactly. */
export function remoteOf(d: DesiredProduct, fields: Partial<RemoteProduct> = {}): RemoteProduct {
  return remote(d.sku, {
    name: d.name,
    base_code: d.base_code,
    category: d.category,
    attributes: { ...d.attributes },
    images: d.images ?? [],
    videos: d.videos ?? [],
    product: d.product ?? null,
    restrict_for_others: d.restrict_for_others ?? false,
    price: d.price,
    retail_price: d.retail_price,
    stock: d.stock,
    ...fields,
  });
}

export function catalog(products: DesiredProduct[], s: Partial<Settings> = {}): DesiredCatalog {
  return {
    settings: settings(s),
    products: new Map(products.map((p) => [p.sku, p])),
    files: ['catalog/products.yaml'],
    diagnostics: [],
  };
}
