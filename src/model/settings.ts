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
  /** `guards:` (absent in settings built by hand: the defaults apply). */
  guards?: GuardLimits;
  /** Where each setting was written, keyed by dotted path (`max_destroy`, `scope.sku_prefixes`). */
  sources: Record<string, SourcePos>;
}

export const DEFAULT_FILES = ['catalog/**/*.yaml', 'catalog/**/*.yml'];
export const DEFAULT_MAX_DESTROY: MaxDestroy = { kind: 'percent', value: 10 };

/** `guards:` in shelf.yaml, each a percentage (50 means 50%). */
export interface GuardLimits {
  /** A price or retail price cut by more than this share of its remote value fails the plan. */
  priceDrop: number;
  /** A price or retail price raised by more than this (100 = doubled) fails the plan. */
  priceRise: number;
  /** More than this share of the in-stock SKUs in scope set to 0 fails the plan. */
  stockZeroed: number;
}

export const DEFAULT_GUARDS: GuardLimits = { priceDrop: 50, priceRise: 100, stockZeroed: 25 };
/** The stock guard never fails a plan that zeroes fewer SKUs than this: small catalogs are not nagged. */
export const STOCK_GUARD_MIN_ZEROED = 10;
