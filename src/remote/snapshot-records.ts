/**
 * The records of a snapshot's listings in the packed form (model/packed), shared by the
 * snapshot file and the file of changes saved beside it. Attribute sets repeat across a catalog
 * (a colour and a size): each distinct set is stored once, and the records that have it share
 * one object when read back. Records come back exactly as normalizeProduct made them: the same
 * keys in the same order, absent ones left out.
 */
import type { Decimal } from '../model/decimal.js';
import { PackedDataError, PackReader, PackWriter, readValueSets, writeValueSets } from '../model/packed.js';
import type { Attributes, RemoteProduct } from '../model/product.js';
import type { KnownProducts } from '../model/shared-values.js';
import type { Snapshot } from './snapshot-file.js';

function writeRecord(w: PackWriter, p: RemoteProduct, set: number): void {
  w.text(p.sku);
  w.text(p.name);
  w.string(p.base_code);
  w.string(p.category);
  w.int(set);
  w.list(p.images);
  w.list(p.videos);
  w.value(p.product);
  w.optionalText(p.id);
  w.value(p.restrict_for_others);
  w.value(p.approved);
  w.value(p.created_at);
  w.value(p.updated_at);
  w.value(p.price);
  w.value(p.retail_price);
  w.value(p.stock);
}

/** The listings' records after `head`; throws when a value would not come back exactly. */
export function packListings(head: object, listings: readonly (readonly RemoteProduct[])[]): Buffer[] {
  const w = new PackWriter();
  // Records with the same attributes share one object when read back.
  const all = writeValueSets(w, listings.flat().map((p) => p.attributes));
  let next = 0;
  const setOf = listings.map((records) => records.map(() => all[next++]!));
  w.int(listings.length);
  listings.forEach((records, l) => {
    w.int(records.length);
    records.forEach((p, i) => writeRecord(w, p, setOf[l]![i]!));
  });
  const bytes = w.pack(head);
  if (!bytes) throw new Error('a record holds a value that cannot be stored exactly');
  return bytes;
}

function optional<T>(v: unknown, type: 'string' | 'boolean' | 'number'): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== type) throw new PackedDataError('a value of the wrong kind');
  return v as T;
}

function readRecord(r: PackReader, sets: readonly Attributes[], knownProducts: KnownProducts | undefined): RemoteProduct {
  const skuText = r.textAt(r.int());
  const known = knownProducts?.get(skuText);
  const sku = known?.sku ?? skuText;
  const nameAt = r.int();
  const name = known && r.sameTextAt(nameAt, known.name) ? known.name : r.textAt(nameAt);
  const base_code = r.string();
  const category = r.string();
  const attributes = sets[r.int()];
  const images = known?.images !== undefined && r.skipListEqualTo(known.images) ? (known.images as string[]) : r.list();
  const videos = r.list();
  const product = r.value();
  if (!attributes || !images || !videos || (product !== null && typeof product !== 'string')) throw new PackedDataError('a record');
  const p: RemoteProduct = { sku, name, base_code, category, attributes, images, videos, product };
  const id = optional<string>(r.value(), 'string');
  if (id !== undefined) p.id = id;
  const restrict = optional<boolean>(r.value(), 'boolean');
  if (restrict !== undefined) p.restrict_for_others = restrict;
  const approved = optional<boolean>(r.value(), 'boolean');
  if (approved !== undefined) p.approved = approved;
  const created = optional<string>(r.value(), 'string');
  if (created !== undefined) p.created_at = created;
  const updated = optional<string>(r.value(), 'string');
  if (updated !== undefined) p.updated_at = updated;
  const price = optional<Decimal>(r.value(), 'string');
  if (price !== undefined) p.price = price;
  const retail = optional<Decimal>(r.value(), 'string');
  if (retail !== undefined) p.retail_price = retail;
  const stock = optional<number>(r.value(), 'number');
  if (stock !== undefined) p.stock = stock;
  return p;
}

/**
 * The head and every listing's records; throws on bytes packListings did not write. A record
 * whose SKU `known` holds shares that product's SKU, name and image list where they are the same.
 */
export function unpackListings(body: Buffer, known?: KnownProducts): { head: Record<string, unknown>; listings: RemoteProduct[][] } {
  const { head, reader: r } = PackReader.open(body);
  // Own data properties, whatever the key (even `__proto__`), as JSON.parse would make them.
  const sets = readValueSets(r, (entries) => Object.fromEntries(entries) as Attributes);
  const listings = new Array<RemoteProduct[]>(r.int());
  for (let l = 0; l < listings.length; l++) {
    const records = new Array<RemoteProduct>(r.int());
    for (let i = 0; i < records.length; i++) records[i] = readRecord(r, sets, known);
    listings[l] = records;
  }
  if (!r.ended) throw new PackedDataError('the wrong size');
  return { head, listings };
}

/** The header fields a snapshot file and a changes file share. */
export function snapshotHeader(snapshot: Snapshot): Pick<Snapshot, 'origin' | 'scope' | 'serverTime' | 'savedAt' | 'fullReadAt' | 'pageSize'> {
  const { origin, scope, serverTime, savedAt, fullReadAt, pageSize } = snapshot;
  return { origin, scope, serverTime, savedAt, fullReadAt, pageSize };
}

