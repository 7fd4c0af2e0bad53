/**
 * Per-record validation and effect of a batch, as the API's worker would do it. Each record
 * either changes the store and returns no errors, or changes nothing and returns the errors
 * written to the batch's error file (`[{field: message}]`).
 */
import { randomUUID } from 'node:crypto';
import { compareDecimal, decimalFromUnknown, decimalScale, type Decimal } from '../model/decimal.js';
import type { BatchKind } from '../remote/types.js';
import { isPlainObject } from './http-util.js';
import type { SandboxStore } from './store.js';

export type FieldError = Record<string, string>;

const REQUIRED = 'This field is required.';
const SKU_NOT_FOUND = 'A product with the given SKU is not found.';
const ZERO = '0.00' as Decimal;
const STOCK_LOCKED = 'The stock of this product is locked by the marketplace operator and cannot be updated.';

export function applyRecord(store: SandboxStore, kind: BatchKind, item: unknown, time: number): FieldError[] {
  if (!isPlainObject(item)) {
    return [{ non_field_errors: `Invalid data. Expected a dictionary, but got ${Array.isArray(item) ? 'list' : typeof item}.` }];
  }
  switch (kind) {
    case 'products':
      return upsertProduct(store, item, time);
    case 'delete':
      return deleteProduct(store, item);
    case 'prices':
      return writeOffer(store, item, time, { price: true, stock: false });
    case 'stocks':
      return writeOffer(store, item, time, { price: false, stock: true });
    case 'prices-and-stocks':
      return writeOffer(store, item, time, { price: true, stock: true });
  }
}

function requiredString(item: Record<string, unknown>, field: string, errors: FieldError[]): string | undefined {
  const value = item[field];
  if (value === undefined || value === null) errors.push({ [field]: REQUIRED });
  else if (typeof value !== 'string') errors.push({ [field]: 'Not a valid string.' });
  else if (value.trim() === '') errors.push({ [field]: 'This field may not be blank.' });
  else return value;
  return undefined;
}

function stringList(item: Record<string, unknown>, field: string, errors: FieldError[]): string[] | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  errors.push({ [field]: 'Expected a list of URLs.' });
  return undefined;
}

/**
 * The API downloads a product's images when it processes the batch: a URL it cannot fetch fails
 * the record, which no check before the write can foresee. The sandbox fetches nothing; it takes
 * hosts under the reserved `.invalid` top-level domain (RFC 2606) as the ones that cannot be reached.
 */
function unreachableImages(images: string[] | undefined, errors: FieldError[]): void {
  for (const url of images ?? []) {
    const host = URL.canParse(url) ? new URL(url).hostname : '';
    if (host === 'invalid' || host.endsWith('.invalid')) errors.push({ images: `The image ${url} could not be downloaded.` });
  }
}

function checkAttributes(
  store: SandboxStore,
  categoryId: string,
  attributes: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
  errors: FieldError[],
): void {
  for (const attr of store.category(categoryId)?.attributes ?? []) {
    const value = attributes[attr.key];
    const missing = value === undefined || value === null || value === '';
    if (missing) {
      if (attr.is_required && !(attr.is_offer && existing && attr.key in existing)) {
        errors.push({ attributes: `The attribute ${attr.key} is required.` });
      }
      continue;
    }
    if (attr.data_type === 'dropdown' && !attr.values.some((v) => v.value === String(value))) {
      errors.push({ attributes: `"${String(value)}" is not a valid choice for ${attr.key}.` });
    } else if (attr.data_type === 'number' && !/^-?\d+(\.\d+)?$/.test(String(value).trim())) {
      errors.push({ attributes: `The attribute ${attr.key} must be a number.` });
    } else if (attr.data_type === 'boolean' && !/^(true|false)$/i.test(String(value).trim())) {
      errors.push({ attributes: `The attribute ${attr.key} must be true or false.` });
    } else if (attr.data_type === 'date' && !/^\d{4}-\d{2}-\d{2}/.test(String(value).trim())) {
      errors.push({ attributes: `The attribute ${attr.key} must be a date (YYYY-MM-DD).` });
    }
    if (attr.is_offer && existing && String(existing[attr.key] ?? '') !== String(value)) {
      errors.push({ attributes: `The attribute ${attr.key} cannot be changed after the product is created.` });
    }
  }
}

function upsertProduct(store: SandboxStore, item: Record<string, unknown>, time: number): FieldError[] {
  const errors: FieldError[] = [];
  const name = requiredString(item, 'name', errors);
  const baseCode = requiredString(item, 'base_code', errors);
  const sku = requiredString(item, 'sku', errors);
  const category = requiredString(item, 'category', errors);
  if (category !== undefined) {
    if (!store.category(category)) errors.push({ category: 'A category with the given id is not found.' });
    else if (!store.isLeaf(category)) errors.push({ category: 'A product can only be assigned to a leaf category.' });
  }
  const rawAttributes = item.attributes ?? {};
  const attributes = isPlainObject(rawAttributes) ? rawAttributes : undefined;
  if (!attributes) errors.push({ attributes: 'Expected a dictionary of attribute values.' });
  const images = stringList(item, 'images', errors);
  unreachableImages(images, errors);
  const videos = stringList(item, 'videos', errors);
  const link = item.product;
  if (link !== undefined && link !== null && !store.marketplace.some((m) => m.id === link)) {
    errors.push({ product: 'A catalog product with the given id is not found.' });
  }
  const restrict = item.restrict_for_others;
  if (restrict !== undefined && restrict !== null && typeof restrict !== 'boolean') {
    errors.push({ restrict_for_others: 'Must be a valid boolean.' });
  }
  const existing = sku !== undefined ? store.products.get(sku) : undefined;
  if (category !== undefined && attributes && store.category(category)) {
    checkAttributes(store, category, attributes, existing?.attributes, errors);
  }
  if (errors.length > 0) return errors;

  const nextAttributes = { ...attributes! };
  // An offer attribute set at creation is kept when a later upsert leaves it out.
  for (const attr of store.category(category!)?.attributes ?? []) {
    if (attr.is_offer && existing && attr.key in existing.attributes && !(attr.key in nextAttributes)) {
      nextAttributes[attr.key] = existing.attributes[attr.key];
    }
  }
  if (existing) {
    existing.name = name!;
    existing.base_code = baseCode!;
    existing.category = category!;
    existing.attributes = nextAttributes;
    if (images) existing.images = images;
    if (videos) existing.videos = videos;
    if (link !== undefined) existing.product = (link as string | null) ?? null;
    if (typeof restrict === 'boolean') existing.restrict_for_others = restrict;
    existing.updatedAt = time;
  } else {
    store.products.set(sku!, {
      id: randomUUID(),
      seq: store.seq(),
      sku: sku!,
      name: name!,
      base_code: baseCode!,
      category: category!,
      attributes: nextAttributes,
      images: images ?? [],
      videos: videos ?? [],
      product: (link as string | null | undefined) ?? null,
      restrict_for_others: restrict === true,
      approved: false,
      approveAt: store.approvalTime(time),
      createdAt: time,
      updatedAt: time,
    });
  }
  return [];
}

function deleteProduct(store: SandboxStore, item: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const sku = requiredString(item, 'sku', errors);
  if (sku !== undefined && !store.products.has(sku)) errors.push({ sku: SKU_NOT_FOUND });
  if (errors.length > 0) return errors;
  store.products.delete(sku!);
  return [];
}

function decimalField(item: Record<string, unknown>, field: string, errors: FieldError[]): Decimal | undefined {
  const value = decimalFromUnknown(item[field]);
  if (value === undefined) errors.push({ [field]: 'A valid number is required.' });
  else if (decimalScale(value) > 2) errors.push({ [field]: 'Ensure that there are no more than 2 decimal places.' });
  else if (compareDecimal(value, ZERO) <= 0) errors.push({ [field]: 'Ensure this value is greater than 0.' });
  else return value;
  return undefined;
}

function stockField(item: Record<string, unknown>, errors: FieldError[]): number | undefined {
  const raw = item.stock;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^[+-]?\d+$/.test(text)) errors.push({ stock: 'A valid integer is required.' });
  else if (Number(text) < 0) errors.push({ stock: 'Ensure this value is greater than or equal to 0.' });
  else return Number(text);
  return undefined;
}

const present = (item: Record<string, unknown>, field: string) => item[field] !== undefined && item[field] !== null;

function writeOffer(
  store: SandboxStore,
  item: Record<string, unknown>,
  time: number,
  accepts: { price: boolean; stock: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  const sku = requiredString(item, 'sku', errors);
  const product = sku !== undefined ? store.products.get(sku) : undefined;
  if (sku !== undefined && !product) errors.push({ sku: SKU_NOT_FOUND });
  const both = accepts.price && accepts.stock;
  const wantsPrice = accepts.price && (!both || present(item, 'price') || present(item, 'retail_price'));
  const wantsStock = accepts.stock && (!both || present(item, 'stock'));
  if (both && !wantsPrice && !wantsStock) errors.push({ non_field_errors: 'Either price or stock is required.' });

  let price: Decimal | undefined;
  let retail: Decimal | undefined;
  if (wantsPrice) {
    if (!present(item, 'price')) errors.push({ price: REQUIRED });
    else price = decimalField(item, 'price', errors);
    if (present(item, 'retail_price')) retail = decimalField(item, 'retail_price', errors);
    const effectiveRetail = retail ?? (product?.retail_price as Decimal | undefined);
    if (price && effectiveRetail && compareDecimal(effectiveRetail, price) < 0) {
      errors.push({ retail_price: 'Retail price cannot be lower than price.' });
    }
  }
  let stock: number | undefined;
  if (wantsStock) {
    if (!present(item, 'stock')) errors.push({ stock: REQUIRED });
    else stock = stockField(item, errors);
    if (product?.stockLocked) errors.push({ stock: STOCK_LOCKED });
  }
  if (errors.length > 0 || !product) return errors;
  if (price !== undefined) product.price = price;
  if (retail !== undefined) product.retail_price = retail;
  if (stock !== undefined) product.stock = stock;
  product.updatedAt = time;
  return [];
}
