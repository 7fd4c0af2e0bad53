import type { Decimal } from './decimal.js';
import type { SourcePos } from './source.js';

/** Attribute values may be strings, numbers or booleans (e.g. ESTIMATED_SHIPPING_DURATION: 1). */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** The product fields shelf manages through PRD101 (besides the SKU). */
export const PRODUCT_FIELDS = [
  'name',
  'base_code',
  'category',
  'attributes',
  'images',
  'videos',
  'product',
  'restrict_for_others',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** Offer fields written through PRD104/105/106. */
export const OFFER_FIELDS = ['price', 'retail_price', 'stock'] as const;
export type OfferField = (typeof OFFER_FIELDS)[number];

export type ManagedField = ProductField | OfferField;

/**
 * What every product record has, whoever holds it: the desired record, the remote one and the
 * PRD101 body all extend this, so the field list is declared once.
 */
export interface ProductBase {
  sku: string;
  name: string;
  base_code: string;
  category: string;
  attributes: Attributes;
}

/** The offer fields: absent means not managed (desired), not returned (remote) or not written. */
export interface OfferValues {
  price?: Decimal;
  retail_price?: Decimal;
  stock?: number;
}

/**
 * One SKU as the repository wants it, after families are expanded and feeds merged.
 * An optional field that is `undefined` is not managed by this repository: shelf never
 * changes it remotely and never reports a difference on it.
 */
export interface DesiredProduct extends ProductBase, OfferValues {
  /** The full desired attribute set (family attributes merged under variant attributes). */
  attributes: Attributes;
  images?: string[];
  videos?: string[];
  product?: string | null;
  restrict_for_others?: boolean;
  /** Where the SKU is defined (the `sku:` key of the product or variant). */
  source: SourcePos;
  /**
   * Where each field's value was written; keys are field names, or `attributes.KEY` for a
   * single attribute. Prices and stocks from feeds point at the feed entry.
   */
  fieldSources: Record<string, SourcePos>;
}

/**
 * One SKU as Seller Center reports it (PRD102). Offer fields the API did not return are
 * `undefined`, meaning "unknown", never zero.
 */
export interface RemoteProduct extends ProductBase, OfferValues {
  id?: string;
  images: string[];
  videos: string[];
  product: string | null;
  restrict_for_others?: boolean;
  approved?: boolean;
  created_at?: string;
  updated_at?: string;
}
