/**
 * PRD102 items → RemoteProduct. The API may add fields, reorder them, send numbers as
 * strings or leave offer fields out: unknown fields are ignored, and a missing price or
 * stock stays `undefined` ("unknown"), never zero.
 */
import { decimalFromUnknown } from '../model/decimal.js';
import type { AttributeValue, Attributes, RemoteProduct } from '../model/product.js';
import { isObject, text } from './json-read.js';

/** A reference may come as a uuid string or as an object carrying one (`{id, name}`). */
export function reference(v: unknown): string | undefined {
  if (isObject(v)) return text(v.id) ?? text(v.pk) ?? text(v.uuid);
  return text(v);
}

function attributeValue(v: unknown): AttributeValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Some listings expand dropdown values into {value, label}.
  if (isObject(v)) return attributeValue(v.value ?? v.label);
  return undefined;
}

export function attributes(v: unknown): Attributes {
  const out: Attributes = {};
  if (isObject(v)) {
    for (const [key, raw] of Object.entries(v)) {
      const value = attributeValue(raw);
      if (value !== undefined) out[key] = value;
    }
  } else if (Array.isArray(v)) {
    // A list of {key, value} pairs is the other common shape.
    for (const entry of v) {
      if (!isObject(entry)) continue;
      const key = text(entry.key ?? entry.attribute ?? entry.name);
      const value = attributeValue(entry.value);
      if (key !== undefined && value !== undefined) out[key] = value;
    }
  }
  return out;
}

export function urls(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const entry of v) {
    const url = typeof entry === 'string' ? entry : isObject(entry) ? text(entry.url ?? entry.image ?? entry.video ?? entry.src) : undefined;
    if (url !== undefined) out.push(url);
  }
  return out;
}

/** Stock as a non-negative integer; "10" and 10 both read, anything else is unknown. */
export function stockFromUnknown(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

/** Returns undefined for an item without a SKU (nothing could be matched against it). */
export function normalizeProduct(item: unknown): RemoteProduct | undefined {
  if (!isObject(item)) return undefined;
  const sku = text(item.sku);
  if (!sku) return undefined;
  const product: RemoteProduct = {
    sku,
    name: text(item.name) ?? '',
    base_code: text(item.base_code) ?? '',
    category: reference(item.category) ?? '',
    attributes: attributes(item.attributes),
    images: urls(item.images),
    videos: urls(item.videos),
    product: reference(item.product) ?? null,
  };
  const id = reference(item.id);
  if (id !== undefined) product.id = id;
  const restrict = bool(item.restrict_for_others);
  if (restrict !== undefined) product.restrict_for_others = restrict;
  const approved = bool(item.approved ?? item.is_approved);
  if (approved !== undefined) product.approved = approved;
  const created = text(item.created_at);
  if (created !== undefined) product.created_at = created;
  const updated = text(item.updated_at);
  if (updated !== undefined) product.updated_at = updated;
  const price = decimalFromUnknown(item.price);
  if (price !== undefined) product.price = price;
  const retail = decimalFromUnknown(item.retail_price);
  if (retail !== undefined) product.retail_price = retail;
  const stock = stockFromUnknown(item.stock);
  if (stock !== undefined) product.stock = stock;
  return product;
}
