/**
 * The boundary between shelf and Seller Center. `src/remote` implements it; plan, apply and
 * import depend only on these types, so they can be tested with a fake or the sandbox.
 */
import type { Attributes, OfferValues, ProductBase, RemoteProduct } from '../model/product.js';
import type { QuotaResource } from '../model/settings.js';

/** Typed PRD102 filters. Lists are sent comma-separated (`category__in`). */
export interface ProductFilter {
  sku?: string;
  sku__contains?: string;
  sku__icontains?: string;
  base_code?: string;
  base_code__contains?: string;
  name?: string;
  name__icontains?: string;
  category?: string;
  category__in?: string[];
  updated_at__gt?: string;
  updated_at__gte?: string;
  updated_at__lt?: string;
  updated_at__lte?: string;
  created_at__gt?: string;
  created_at__gte?: string;
  created_at__lt?: string;
  created_at__lte?: string;
  /** Default: both approved and unapproved products are read (two listings). */
  approved?: boolean | 'both';
  /** Extra raw query parameters (e.g. `attribute__COLOR__iexact`). */
  extra?: Record<string, string>;
}

/** PRD101 item. */
export interface ProductWrite extends ProductBase {
  images?: string[];
  videos?: string[];
  product?: string | null;
  restrict_for_others?: boolean;
}

/** PRD104/105/106 item: only the fields present are written. */
export interface OfferWrite extends OfferValues {
  sku: string;
}

export type BatchKind = 'products' | 'delete' | 'prices-and-stocks' | 'prices' | 'stocks';

/**
 * Normalized PRD107 status. `unknown` keeps the raw value for reporting. `gone`: the API
 * answered 404 for the batch (another origin, a restarted sandbox): its records' outcome is
 * unknown, and a fresh plan decides what is left to do.
 */
export type BatchState = 'pending' | 'processing' | 'succeeded' | 'partially_succeeded' | 'failed' | 'unknown' | 'gone';

/** Why a batch's outcome is not known, so a report can group batches by cause. */
export type BatchUnknownCause =
  /** The API stayed unreachable (network errors, timeouts, 5xx) beyond the outage bound. */
  | 'unreachable'
  /** 401/403 while polling: the token was revoked or lost its rights. */
  | 'auth'
  /** Another 4xx answer to the status read. */
  | 'refused'
  /** A status shelf does not know, repeated. */
  | 'unknown-status'
  /** Still pending or processing when the wait's time ran out. */
  | 'still-running';

export interface BatchStatus {
  id: string;
  state: BatchState;
  /** The status exactly as the API sent it (number or string). */
  rawStatus: unknown;
  processedIn?: number;
  errorFile?: string;
  successFile?: string;
  requestFile?: string;
}

/** One record of an error file. */
export interface RecordFailure {
  sku: string;
  /** Messages flattened from the record's `errors` list, e.g. "sku: A product with the given SKU is not found." */
  messages: string[];
  record: Record<string, unknown>;
}

export interface BatchResult {
  id: string;
  kind: BatchKind;
  state: Exclude<BatchState, 'pending' | 'processing'>;
  /** SKUs submitted in the batch. */
  skus: string[];
  failures: RecordFailure[];
  /** Set when the outcome could not be fully known (e.g. the error file could not be downloaded). */
  problem?: string;
  /** With state `unknown`: why. */
  cause?: BatchUnknownCause;
  /** With cause `unreachable`: when the API became unreachable (ISO 8601, from the client's clock). */
  unreachableSince?: string;
}

export interface Category {
  id: string;
  name: string;
  parent: string | null;
  /** Names from the root, e.g. ["Clothing", "Men", "T-shirts"]. */
  path: string[];
  isLeaf: boolean;
}

export interface CategoryAttribute {
  key: string;
  name: string;
  dataType: string;
  isRequired: boolean;
  isVariant: boolean;
  isOffer: boolean;
  /** Its text may differ per `Accept-Language`. */
  isLocalizable: boolean;
  /** Allowed values for dropdowns (`value` of each entry). */
  values: string[];
}

export interface RequestCounters {
  /** Requests sent per quota resource (`languages` and file downloads under `other`). */
  requests: Record<QuotaResource | 'other', number>;
  throttled: number;
  retried: number;
}

/** A page of a listing as it was read, for progress: `first` starts a pass over a listing. */
export interface ListingPage {
  first: boolean;
  /** Items on the page (the first page's tells the server's page size). */
  items: number;
  /** The listing's `count`, when the API gave one. */
  count?: number;
  /** The response's `Date` header (the server's clock), when it sent one. */
  date?: string;
}

/** A listing's size without its records (one request for a page of one). */
export interface ListingCount {
  /** The listing's `count`; undefined when the API gave none. */
  count?: number;
  /** The response's `Date` header. */
  date?: string;
}

/** A product of the marketplace catalog (PRD108): what an offer links to with `product:`. */
export interface CatalogProduct {
  id: string;
  name: string;
  base_code: string;
  sku: string;
  /** Category uuid ('' when the API gave none). */
  category: string;
  attributes: Attributes;
  images: string[];
}

/** One PRD108 search: the matches read (at most the limit asked) and how many the API says there are. */
export interface CatalogSearch {
  products: CatalogProduct[];
  /** The API's `count` of all matches (absent when it gave none). */
  count?: number;
  /** Pages read. */
  pages: number;
}

export interface SubmitOptions {
  /** false: a write whose answer was lost is not sent again; it fails with `outcomeUnknown` (see ApiRequest.resendLost). */
  resendLost?: boolean;
}

export interface SellerCenterClient {
  /** Streams PRD102 pages (already normalized) matching the filter; `onPage` is told of every page read. */
  listProducts(filter?: ProductFilter, opts?: { onPage?: (page: ListingPage) => void }): AsyncIterable<RemoteProduct[]>;
  /**
   * The `count` of one PRD102 listing (`approved` true or false, not both), read as a page of
   * one. Optional: a client without it never reads incrementally.
   */
  countProducts?(filter: ProductFilter & { approved: boolean }): Promise<ListingCount>;
  /** Submits one write (≤ 1000 items) and returns the batch id as soon as the API accepted it. */
  submit(kind: 'products', items: ProductWrite[], opts?: SubmitOptions): Promise<string>;
  submit(kind: 'delete', items: { sku: string }[], opts?: SubmitOptions): Promise<string>;
  submit(kind: 'prices-and-stocks' | 'prices' | 'stocks', items: OfferWrite[], opts?: SubmitOptions): Promise<string>;
  /** One PRD107 read. */
  getBatch(id: string): Promise<BatchStatus>;
  /** Polls until terminal, then downloads the error file; `size` tunes the poll back-off. */
  waitForBatch(id: string, kind: BatchKind, skus: string[], opts?: { signal?: AbortSignal }): Promise<BatchResult>;
  categories(): Promise<Category[]>;
  /** PRD108: up to `limit` marketplace catalog products matching `query`, page after page. */
  searchCatalog(query: string, opts: { limit: number }): Promise<CatalogSearch>;
  categoryAttributes(categoryId: string): Promise<CategoryAttribute[]>;
  /** LNG001: the languages activated for the account (codes as the API gives them, e.g. `en-us`). */
  languages(): Promise<string[]>;
  counters(): RequestCounters;
  close(): Promise<void>;
}
