/**
 * In-process control of the sandbox state: seeding, dumping, changing a product as another
 * user of the seller account would. Also reachable over HTTP under `/__sandbox/`.
 */
import { randomUUID } from 'node:crypto';
import { decimalFromUnknown } from '../model/decimal.js';
import { isPlainObject, iso } from './http-util.js';
import type { SandboxCategory } from './seed-categories.js';
import type { MarketplaceProduct, SandboxStore, StoredProduct } from './store.js';
import { ERROR_FILE } from './store.js';
import { applyRecord, type FieldError } from './records.js';
import { offerRecord, productRecord } from './render.js';

/** A product put straight into the store (no batch, no validation); approved unless told otherwise. */
export interface SeedProduct {
  sku: string;
  name: string;
  base_code: string;
  category: string;
  attributes?: Record<string, unknown>;
  images?: string[];
  videos?: string[];
  product?: string | null;
  restrict_for_others?: boolean;
  approved?: boolean;
  price?: string | number;
  retail_price?: string | number;
  stock?: number | string;
  created_at?: string;
  updated_at?: string;
  /** The marketplace operator locked the stock: the API refuses stock updates of this SKU. */
  stock_locked?: boolean;
}

export interface SeedInput {
  products?: SeedProduct[];
  /** Replaces the marketplace catalog (PRD108). */
  marketplace?: MarketplaceProduct[];
  /** Replaces the category tree (flat list with parent links). */
  categories?: SandboxCategory[];
  /**
   * Put each product through the API's own validation, skipping (and reporting) what it would
   * reject, so a seeded catalog only holds what could exist remotely.
   */
  validate?: boolean;
}

export interface SeedResult {
  seeded: number;
  /** Records left out under `validate`, with the errors the API would give. */
  skipped: { sku: string; errors: FieldError[] }[];
}

/** Fields another user may change on a product; offer fields and approval included. */
export type ProductMutation = Partial<Omit<SeedProduct, 'sku' | 'created_at' | 'updated_at'>>;

export interface SandboxStateDump {
  now: string;
  /** Every product (approved or not) with its offer fields, in creation order. */
  products: Record<string, unknown>[];
  batches: {
    id: string;
    kind: string;
    phase: string;
    items: number;
    failed?: number;
    created_at: string;
    finishes_at: string;
  }[];
  /** Requests currently counted in each quota window. */
  quota: Record<string, number>;
}

function decimalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : decimalFromUnknown(value);
}

function stockValue(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Runs a seed product through batch validation; returns the errors of whichever part failed. */
function validateSeed(store: SandboxStore, p: SeedProduct, now: number): FieldError[] {
  const { price, retail_price, stock, approved: _a, created_at: _c, updated_at: _u, ...write } = p;
  const errors = applyRecord(store, 'products', write, now);
  if (errors.length > 0) return errors;
  const offer: Record<string, unknown> = { sku: p.sku };
  if (price !== undefined) offer.price = price;
  if (retail_price !== undefined) offer.retail_price = retail_price;
  if (stock !== undefined) offer.stock = stock;
  const offerErrors = Object.keys(offer).length > 1 ? applyRecord(store, 'prices-and-stocks', offer, now) : [];
  if (offerErrors.length > 0) store.products.delete(p.sku);
  return offerErrors;
}

export function seedStore(store: SandboxStore, input: SeedInput, now: number): SeedResult {
  if (input.categories) store.categories = input.categories.map((c) => ({ ...c, attributes: c.attributes ?? [] }));
  if (input.marketplace) store.marketplace = [...input.marketplace];
  const result: SeedResult = { seeded: 0, skipped: [] };
  for (const p of input.products ?? []) {
    if (input.validate) {
      const errors = validateSeed(store, p, now);
      if (errors.length > 0) {
        result.skipped.push({ sku: p.sku, errors });
        continue;
      }
    }
    const createdAt = p.created_at ? Date.parse(p.created_at) : now;
    const existing = store.products.get(p.sku);
    const approved = p.approved !== false;
    const stored: StoredProduct = {
      id: existing?.id ?? randomUUID(),
      seq: existing?.seq ?? store.seq(),
      sku: p.sku,
      name: p.name,
      base_code: p.base_code,
      category: p.category,
      attributes: { ...(p.attributes ?? {}) },
      images: p.images ?? [],
      videos: p.videos ?? [],
      product: p.product ?? null,
      restrict_for_others: p.restrict_for_others === true,
      approved,
      approveAt: approved ? undefined : store.approvalTime(now),
      createdAt,
      updatedAt: p.updated_at ? Date.parse(p.updated_at) : createdAt,
      price: decimalText(p.price),
      retail_price: decimalText(p.retail_price),
      stock: stockValue(p.stock),
      ...(p.stock_locked ? { stockLocked: true } : {}),
    };
    store.products.set(p.sku, stored);
    result.seeded += 1;
  }
  return result;
}

/** Changes a product as someone else would (the back office, another integration). */
export function mutateStoredProduct(store: SandboxStore, sku: string, changes: ProductMutation, now: number): StoredProduct {
  const p = store.products.get(sku);
  if (!p) throw new Error(`sandbox: no product with SKU ${sku}`);
  if (changes.name !== undefined) p.name = changes.name;
  if (changes.base_code !== undefined) p.base_code = changes.base_code;
  if (changes.category !== undefined) p.category = changes.category;
  if (isPlainObject(changes.attributes)) p.attributes = { ...changes.attributes };
  if (changes.images !== undefined) p.images = changes.images;
  if (changes.videos !== undefined) p.videos = changes.videos;
  if (changes.product !== undefined) p.product = changes.product;
  if (changes.restrict_for_others !== undefined) p.restrict_for_others = changes.restrict_for_others;
  if (changes.approved !== undefined) {
    p.approved = changes.approved;
    p.approveAt = undefined;
  }
  if ('price' in changes) p.price = decimalText(changes.price);
  if ('retail_price' in changes) p.retail_price = decimalText(changes.retail_price);
  if ('stock' in changes) p.stock = stockValue(changes.stock);
  if (changes.stock_locked !== undefined) p.stockLocked = changes.stock_locked;
  p.updatedAt = Math.max(now, p.updatedAt + 1);
  return p;
}

/** Everything the sandbox holds of a product, for the control API (whatever the variants). */
export function fullProduct(p: StoredProduct): Record<string, unknown> {
  return {
    ...productRecord(p),
    approve_at: p.approveAt === undefined ? null : iso(p.approveAt),
    ...offerRecord(p),
  };
}

export function dumpStore(store: SandboxStore, now: number, quota: Record<string, number>): SandboxStateDump {
  return {
    now: iso(now),
    products: [...store.products.values()].sort((a, b) => a.seq - b.seq).map(fullProduct),
    batches: [...store.batches.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((b) => ({
        id: b.id,
        kind: b.kind,
        phase: store.phase(b, now),
        items: b.items.length,
        failed: b.outcome ? (store.files.get(ERROR_FILE(b.id))?.length ?? 0) : undefined,
        created_at: iso(b.createdAt),
        finishes_at: iso(b.finishAt),
      })),
    quota,
  };
}
