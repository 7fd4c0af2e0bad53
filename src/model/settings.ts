import type { SourcePos } from './source.js';

/** A quota: at most `requests` in any rolling window of `windowMs`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Quota resources of Seller Center. `languages` (i1) is unlimited. */
export type QuotaResource = 'products' | 'categories' | 'packages' | 'claims';

export const DEFAULT_RATE_LIMITS: Record<QuotaResource, RateLimit> = {
  products: { requests: 10, windowMs: 60_000 },
  categories: { requests: 30, windowMs: 60_000 },
  packages: { requests: 20, windowMs: 60_000 },
  claims: { requests: 20, windowMs: 60_000 },
};

export type MaxDestroy = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

/** shelf.yaml, with defaults applied. */
export interface Settings {
  /** Absolute path of the catalog repository (the directory holding shelf.yaml). */
  root: string;
  sellerCenter: {
    url?: string;
    language?: string;
    rateLimits: Record<QuotaResource, RateLimit>;
  };
  files: string[];
  prune: boolean;
  scope: { skuPrefixes: string[]; categories: string[] };
  protect: string[];
  maxDestroy: MaxDestroy;
  /** Where each setting was written, keyed by dotted path (`max_destroy`, `scope.sku_prefixes`). */
  sources: Record<string, SourcePos>;
}

export const DEFAULT_FILES = ['catalog/**/*.yaml', 'catalog/**/*.yml'];
export const DEFAULT_MAX_DESTROY: MaxDestroy = { kind: 'percent', value: 10 };
