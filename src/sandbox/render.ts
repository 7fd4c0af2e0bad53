/** How stored records look on the wire, under the configured variants. */
import { iso } from './http-util.js';
import type { SandboxVariants, StatusFormat } from './options.js';
import type { BatchPhase, StoredBatch, StoredProduct } from './store.js';
import { ERROR_FILE, REQUEST_FILE, SUCCESS_FILE } from './store.js';

/** A stored time as the API stamps it: to the millisecond, or truncated to the whole second. */
export function stampOf(ms: number, wholeSeconds: boolean): number {
  return wholeSeconds ? Math.floor(ms / 1000) * 1000 : ms;
}

/** The product fields every view of a stored product carries. */
export function productRecord(p: StoredProduct, wholeSeconds = false): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    base_code: p.base_code,
    sku: p.sku,
    category: p.category,
    attributes: p.attributes,
    images: p.images,
    videos: p.videos,
    product: p.product,
    restrict_for_others: p.restrict_for_others,
    approved: p.approved,
    created_at: iso(stampOf(p.createdAt, wholeSeconds)),
    updated_at: iso(stampOf(p.updatedAt, wholeSeconds)),
  };
}

export function offerRecord(p: StoredProduct): Record<string, unknown> {
  return { price: p.price ?? null, retail_price: p.retail_price ?? null, stock: p.stock ?? null };
}

/** A PRD102 item; whether it carries price and stock is one of the API's unknowns. */
export function renderProduct(p: StoredProduct, variants: SandboxVariants): Record<string, unknown> {
  const record = productRecord(p, variants.wholeSecondStamps);
  return variants.offerFieldsInList ? { ...record, ...offerRecord(p) } : record;
}

const PHASES: BatchPhase[] = ['pending', 'processing', 'succeeded', 'partially_succeeded', 'failed'];
const TITLES: Record<BatchPhase, string> = {
  pending: 'Pending',
  processing: 'Processing',
  succeeded: 'Succeeded',
  partially_succeeded: 'Partially Succeeded',
  failed: 'Failed',
};

/** A status value the documentation does not list, used while a batch is queued. */
const UNKNOWN_STATUS: Record<StatusFormat, string | number> = {
  names: 'queued',
  titles: 'Queued',
  numbers: 6,
  'numeric-strings': '6',
};

export function renderStatus(phase: BatchPhase, variants: SandboxVariants): string | number {
  if (phase === 'pending' && variants.unknownEnumValues) return UNKNOWN_STATUS[variants.statusFormat];
  const n = PHASES.indexOf(phase) + 1;
  switch (variants.statusFormat) {
    case 'numbers':
      return n;
    case 'numeric-strings':
      return String(n);
    case 'titles':
      return TITLES[phase];
    case 'names':
      return phase;
  }
}

const REGISTRY: Record<StoredBatch['kind'], string> = {
  products: 'Product',
  delete: 'ProductDelete',
  prices: 'Price',
  stocks: 'Stock',
  'prices-and-stocks': 'PriceAndStock',
};

/** The PRD107 object. File URLs live under `${filesOrigin}/files/`. */
export function renderBatch(
  batch: StoredBatch,
  phase: BatchPhase,
  filesOrigin: string,
  variants: SandboxVariants,
): Record<string, unknown> {
  const done = batch.outcome !== undefined;
  const file = (name: string) => `${filesOrigin}/files/${name}`;
  return {
    id: batch.id,
    registry: `${REGISTRY[batch.kind]} (${batch.items.length})`,
    request_file: file(REQUEST_FILE(batch.id)),
    success_file: done ? file(SUCCESS_FILE(batch.id)) : null,
    error_file: done ? file(ERROR_FILE(batch.id)) : null,
    status: renderStatus(phase, variants),
    processed_in: done ? Math.round((batch.finishAt - batch.startAt) / 1000) : null,
    created_at: iso(batch.createdAt),
    updated_at: iso(done ? batch.finishAt : phase === 'processing' ? batch.startAt : batch.createdAt),
  };
}
