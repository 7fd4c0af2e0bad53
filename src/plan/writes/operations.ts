/**
 * Turns a plan into the writes that carry it out: PRD101 upserts for creates and product-field
 * updates, price/stock writes for offer changes, PRD103 deletes. Pure; no I/O.
 */
import { OFFER_FIELDS, PRODUCT_FIELDS } from '../../model/product.js';
import type { DesiredProduct, RemoteProduct } from '../../model/product.js';
import type { ResourceChange } from '../types.js';
import type { OfferWrite, ProductWrite } from '../../remote/types.js';
import type { ApplyOperations, OfferOp } from './types.js';

/**
 * The full PRD101 body of a SKU: the desired managed fields laid over the remote record, so a
 * field this repository does not manage (say `images`) keeps its remote value instead of being
 * wiped by the upsert.
 */
export function productBody(desired: DesiredProduct, remote: RemoteProduct | null): ProductWrite {
  const body: ProductWrite = {
    sku: desired.sku,
    name: desired.name,
    base_code: desired.base_code,
    category: desired.category,
    attributes: { ...desired.attributes },
  };
  const images = desired.images ?? remote?.images;
  if (images !== undefined) body.images = [...images];
  const videos = desired.videos ?? remote?.videos;
  if (videos !== undefined) body.videos = [...videos];
  // An explicit `product: null` in the catalog unlinks; an unmanaged link keeps the remote one.
  if (desired.product !== undefined) body.product = desired.product;
  else if (remote?.product) body.product = remote.product;
  const restrict = desired.restrict_for_others ?? remote?.restrict_for_others;
  if (restrict !== undefined) body.restrict_for_others = restrict;
  return body;
}

function managedOffer(desired: DesiredProduct): OfferWrite {
  const offer: OfferWrite = { sku: desired.sku };
  if (desired.price !== undefined) offer.price = desired.price;
  if (desired.retail_price !== undefined) offer.retail_price = desired.retail_price;
  if (desired.stock !== undefined) offer.stock = desired.stock;
  return offer;
}

/**
 * The offer fields to write for one change. Price and retail price travel together whenever
 * either changes: the API checks one against the other, and sending a lone new price against
 * an old retail price can be refused.
 */
function offerWrite(change: ResourceChange, desired: DesiredProduct): OfferWrite | undefined {
  const managed = managedOffer(desired);
  const changed = new Set(change.action === 'create' ? OFFER_FIELDS : change.changed);
  const write: OfferWrite = { sku: desired.sku };
  if (changed.has('price') || changed.has('retail_price')) {
    if (managed.price !== undefined) write.price = managed.price;
    if (managed.retail_price !== undefined) write.retail_price = managed.retail_price;
  }
  if (changed.has('stock') && managed.stock !== undefined) write.stock = managed.stock;
  const hasAny = write.price !== undefined || write.retail_price !== undefined || write.stock !== undefined;
  return hasAny ? write : undefined;
}

const PRODUCT_FIELD_SET: ReadonlySet<string> = new Set(PRODUCT_FIELDS);

/** True when the change needs a PRD101 upsert: a create, or an update of any product field. */
export function needsProductUpsert(change: ResourceChange): boolean {
  return change.action === 'create' || (change.action === 'update' && change.changed.some((f) => PRODUCT_FIELD_SET.has(f)));
}

export function operationsFromPlan(plan: { readonly changes: readonly ResourceChange[] }): ApplyOperations {
  const ops: ApplyOperations = { products: [], offers: [], deletes: [] };
  for (const change of plan.changes) {
    if (change.action === 'delete') {
      ops.deletes.push({ sku: change.sku });
      continue;
    }
    const desired = change.after;
    if (!desired) continue;
    if (needsProductUpsert(change)) {
      ops.products.push({ sku: change.sku, action: change.action, body: productBody(desired, change.before) });
    }
    const write = offerWrite(change, desired);
    if (write) {
      const op: OfferOp = { sku: change.sku, afterCreate: change.action === 'create', write, managed: managedOffer(desired) };
      ops.offers.push(op);
    }
  }
  return ops;
}
