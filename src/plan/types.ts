/**
 * The plan is plain data: produced by the pure diff, read by renderers and by apply, and
 * saved to disk by `plan --out`. Nothing here does I/O.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { DesiredProduct, RemoteProduct } from '../model/product.js';
import type { QuotaResource } from '../model/settings.js';
import type { SourcePos } from '../model/source.js';
import type { BatchKind } from '../remote/types.js';

export type Action = 'create' | 'update' | 'delete';

/** Marker for a remote value the API did not return: shown as "(known after apply)", never as 0. */
export const UNKNOWN = { unknown: true } as const;
export type Unknown = typeof UNKNOWN;

export interface FieldChange {
  /** `name`, `images`, `price`, … or `attributes.KEY` for one attribute. */
  path: string;
  /** `undefined` when the field did not exist before (e.g. a new attribute, or a create). */
  before: unknown;
  /** `undefined` when the field is removed (an attribute not in the catalog any more). */
  after: unknown;
  source?: SourcePos;
}

export interface ResourceChange {
  sku: string;
  action: Action;
  /** Top-level field names that change, in PRODUCT_FIELDS then OFFER_FIELDS order. */
  changed: string[];
  fields: FieldChange[];
  /** The remote record planned against (null for a create). */
  before: RemoteProduct | null;
  /** The desired record (null for a delete). */
  after: DesiredProduct | null;
  /** Where the SKU is defined (absent for deletes). */
  source?: SourcePos;
  /** Fingerprint of `before`, checked again by `apply PLANFILE` (null for a create). */
  remoteFingerprint: string | null;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  unchanged: number;
}

export interface RequestCost {
  resource: QuotaResource;
  requests: number;
  /** Quota: `requests` per `windowMs`. */
  quota: { requests: number; windowMs: number };
  /** Minimum wall time the quota allows for these requests (ms). */
  minimumMs: number;
  /**
   * Of `requests`, the writes per endpoint (non-zero ones only), exactly as apply sends them.
   * Absent in plans saved before the breakdown was recorded.
   */
  writes?: Partial<Record<BatchKind, number>>;
  /** Of `requests`, the status checks (PRD107): one per batch at least, more while one runs. */
  minimumStatusChecks?: number;
}

export interface Plan {
  summary: PlanSummary;
  /** Changes sorted by SKU; unchanged SKUs are not listed. */
  changes: ResourceChange[];
  /** Writes the plan will take, per quota resource (reads already done are not counted). */
  cost: RequestCost[];
  /** Non-fatal notes: unknown enum values seen, remote products not approved yet, … */
  warnings: Diagnostic[];
  /** Catalog product names (PRD108) by uuid, for the `product:` links this plan sets. */
  linkedProductNames?: Record<string, string>;
  /** PRD108 searches made while planning to check those links (already spent: not in `cost`). */
  catalogSearches?: number;
}
