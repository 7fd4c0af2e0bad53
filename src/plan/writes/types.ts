/**
 * The writes that carry out a plan, as plain data: planned here (pure), counted by `cost`,
 * executed by apply.
 */
import type { OfferWrite, ProductWrite } from '../../remote/types.js';

/** A PRD101 upsert of one SKU. */
export interface ProductOp {
  sku: string;
  action: 'create' | 'update';
  body: ProductWrite;
}

/** A price and/or stock write of one SKU; the endpoint is chosen by `chooseOfferEndpoints`. */
export interface OfferOp {
  sku: string;
  /** The SKU is created in this run: the offer waits for its product batch to succeed. */
  afterCreate: boolean;
  /** Fields that must be written (changed, or everything managed for a create). */
  write: OfferWrite;
  /** Desired values of managed offer fields, used to fill a PRD104 item when that saves a request. */
  managed: OfferWrite;
}

export interface DeleteOp {
  sku: string;
}

export interface ApplyOperations {
  products: ProductOp[];
  offers: OfferOp[];
  deletes: DeleteOp[];
}

export type OfferEndpoint = 'prices-and-stocks' | 'prices' | 'stocks';
