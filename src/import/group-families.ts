/**
 * Turns remote records into catalog entries: SKUs sharing base_code, name and category become
 * one family whose shared fields are written once, each variant keeping only what differs;
 * a SKU alone in its group stays a flat product. Pure: the YAML writer only formats the result.
 */
import type { Decimal } from '../model/decimal.js';
import type { AttributeValue, Attributes, RemoteProduct } from '../model/product.js';
import { compareNatural } from './natural-order.js';

/**
 * The optional fields shelf writes for a SKU. A value equal to the API's default (no images,
 * no catalog product link, not restricted) is left out, keeping the files short; left out
 * means "not managed", so it never shows as a change.
 */
export interface EntryFields {
  attributes?: Attributes;
  images?: string[];
  videos?: string[];
  product?: string;
  restrict_for_others?: boolean;
  price?: Decimal;
  retail_price?: Decimal;
  stock?: number;
}

export interface FlatProduct extends EntryFields {
  sku: string;
  base_code: string;
  name: string;
  category: string;
}

export interface Variant extends EntryFields {
  sku: string;
}

export interface Family extends EntryFields {
  base_code: string;
  name: string;
  category: string;
  variants: Variant[];
}

export interface CategoryEntries {
  category: string;
  products: FlatProduct[];
  families: Family[];
}

export interface GroupOptions {
  /** Prices and stocks go to feed files: leave them out of the entries. */
  feeds?: boolean;
}

/** Fields a family may hold for all its variants (stock is per variant: it rarely is shared). */
const SHAREABLE = ['images', 'videos', 'product', 'restrict_for_others', 'price', 'retail_price'] as const;

function entryFields(r: RemoteProduct, options: GroupOptions): EntryFields {
  const f: EntryFields = { attributes: { ...r.attributes } };
  if (r.images.length > 0) f.images = [...r.images];
  if (r.videos.length > 0) f.videos = [...r.videos];
  if (r.product) f.product = r.product;
  if (r.restrict_for_others === true) f.restrict_for_others = true;
  if (!options.feeds) {
    if (r.price !== undefined) f.price = r.price;
    if (r.retail_price !== undefined) f.retail_price = r.retail_price;
    if (r.stock !== undefined) f.stock = r.stock;
  }
  return f;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** The value held by more than half of the list, if one is. */
function majorityValue(values: readonly unknown[]): unknown {
  const counts = new Map<string, { value: unknown; n: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    const entry = counts.get(key);
    if (entry) entry.n += 1;
    else counts.set(key, { value, n: 1 });
  }
  for (const { value, n } of counts.values()) if (n * 2 > values.length) return value;
  return undefined;
}

function sameAttribute(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return a !== undefined && b !== undefined && a === b;
}

/** Moves what every variant shares up to the family; variants keep the rest. */
function makeFamily(members: RemoteProduct[], options: GroupOptions): Family {
  const first = members[0] as RemoteProduct;
  const all = members.map((r) => ({ sku: r.sku, ...entryFields(r, options) }));
  const family: Family = { base_code: first.base_code, name: first.name, category: first.category, variants: [] };

  const firstAttrs = all[0]?.attributes ?? {};
  const sharedKeys = Object.keys(firstAttrs).filter((key) =>
    all.every((v) => sameAttribute(v.attributes?.[key], firstAttrs[key])),
  );
  if (sharedKeys.length > 0)
    family.attributes = Object.fromEntries(sharedKeys.map((k) => [k, firstAttrs[k] as AttributeValue]));

  // A field every variant has goes to the family with the value most variants share (more than
  // half); the variants that differ override it, as a variant field replaces the family's.
  const familyValue = new Map<string, unknown>();
  for (const field of SHAREABLE) {
    if (!all.every((v) => v[field] !== undefined)) continue;
    const value = majorityValue(all.map((v) => v[field]));
    if (value !== undefined) familyValue.set(field, value);
  }
  for (const [field, value] of familyValue) (family as unknown as Record<string, unknown>)[field] = value;

  for (const v of all) {
    const variant: Variant = { sku: v.sku };
    const own = Object.entries(v.attributes ?? {}).filter(([k]) => !sharedKeys.includes(k));
    if (own.length > 0) variant.attributes = Object.fromEntries(own);
    for (const field of [...SHAREABLE, 'stock'] as const) {
      if (v[field] === undefined) continue;
      if (familyValue.has(field) && sameValue(v[field], familyValue.get(field))) continue;
      (variant as unknown as Record<string, unknown>)[field] = v[field];
    }
    family.variants.push(variant);
  }
  family.variants.sort((a, b) => compareNatural(a.sku, b.sku));
  return family;
}

function groupKey(r: RemoteProduct): string {
  return JSON.stringify([r.category, r.base_code, r.name]);
}

/** Entries per category, everything in a stable order (categories by id, SKUs naturally). */
export function groupProducts(remote: Iterable<RemoteProduct>, options: GroupOptions = {}): CategoryEntries[] {
  const groups = new Map<string, RemoteProduct[]>();
  const seen = new Set<string>();
  for (const r of remote) {
    if (seen.has(r.sku)) continue; // listed twice (approved and unapproved): keep the first
    seen.add(r.sku);
    const key = groupKey(r);
    const members = groups.get(key);
    if (members) members.push(r);
    else groups.set(key, [r]);
  }

  const byCategory = new Map<string, CategoryEntries>();
  for (const members of groups.values()) {
    const first = members[0] as RemoteProduct;
    let entries = byCategory.get(first.category);
    if (!entries) {
      entries = { category: first.category, products: [], families: [] };
      byCategory.set(first.category, entries);
    }
    if (members.length === 1) {
      entries.products.push({ sku: first.sku, base_code: first.base_code, name: first.name, category: first.category, ...entryFields(first, options) });
    } else {
      entries.families.push(makeFamily(members, options));
    }
  }
  const out = [...byCategory.values()].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  for (const e of out) {
    e.products.sort((a, b) => compareNatural(a.sku, b.sku));
    e.families.sort(
      (a, b) => compareNatural(a.base_code, b.base_code) || compareNatural(a.name, b.name) || compareNatural(a.variants[0]?.sku ?? '', b.variants[0]?.sku ?? ''),
    );
  }
  return out;
}
