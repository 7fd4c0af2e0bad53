/**
 * The snapshot of a remote scope in `.shelf/snapshots/`: every record of every listing the
 * last read covered, and the server's time that read began, so the next read can ask only for
 * what changed since. One file per API origin and scope (the name is a hash of both, and the
 * file repeats them, so a copied or renamed file is still recognised as foreign). It never
 * holds the token: only what PRD102 listed.
 *
 * Compact on purpose (100,000 SKUs must load in under a second): records are columns with
 * repeated values interned, in plain JSON (about 15 MB for 100,000 SKUs; not compressed, as
 * decompressing cost more time than the bytes it saved, and CI caches compress anyway),
 * written to a temporary file and renamed so a killed run never leaves half a snapshot.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Decimal } from '../model/decimal.js';
import type { Attributes, RemoteProduct } from '../model/product.js';

/** Bumped whenever the layout changes: a snapshot of another version is not read. */
export const SNAPSHOT_FORMAT = 2;

export interface SnapshotListing {
  /** The listing's filter, as a canonical query string (approved included). */
  query: string;
  /** Its records as read, one per SKU. */
  records: RemoteProduct[];
}

export interface Snapshot {
  origin: string;
  /** The scope's canonical key (see scopeKey in the read pipeline). */
  scope: string;
  /**
   * The server's clock (its `Date` header) when the read that made this snapshot began: every
   * change stamped from then on is read again next time. Null: not usable for an incremental read.
   */
  serverTime: string | null;
  /** The client's clock when it was saved (ms), never used for stamps. */
  savedAt: number;
  /**
   * The client's clock when the scope was last read in full (ms): the age limit counts from here,
   * so incremental reads, which save a new snapshot each time, cannot put off the next full read.
   */
  fullReadAt: number;
  /** The largest page the API served (what a full read of these listings would cost). */
  pageSize: number;
  listings: SnapshotListing[];
}

export type LoadedSnapshot = { snapshot: Snapshot } | { missing: true } | { problem: string };

/** `.shelf/snapshots/<hash of origin and scope>.json` under the repository. */
export function snapshotPath(root: string, origin: string, scope: string): string {
  const hash = createHash('sha256').update(`${origin}\n${scope}`).digest('hex').slice(0, 20);
  return join(root, '.shelf', 'snapshots', `${hash}.json`);
}

/**
 * A listing's records as columns, one array per field. What repeats across a catalog (base
 * codes, categories, stamps, prices, whole attribute sets) is an index into the file's tables
 * instead of its text: about half the bytes to parse, and one attribute object shared by the
 * records that have the same set. Columns rather than one array per record: JSON.parse then
 * builds a few long arrays, most of them of small integers, instead of one short array per
 * record that is garbage as soon as the record is built.
 */
interface Columns {
  sku: string[];
  name: string[];
  base_code: number[];
  category: number[];
  attributes: number[];
  images: string[][];
  videos: string[][];
  product: (string | null)[];
  id: (string | null)[];
  restrict_for_others: (boolean | null)[];
  approved: (boolean | null)[];
  created_at: (number | null)[];
  updated_at: (number | null)[];
  price: (number | null)[];
  retail_price: (number | null)[];
  stock: (number | null)[];
}

const COLUMNS = [
  'sku', 'name', 'base_code', 'category', 'attributes', 'images', 'videos', 'product', 'id',
  'restrict_for_others', 'approved', 'created_at', 'updated_at', 'price', 'retail_price', 'stock',
] as const satisfies readonly (keyof Columns)[];

/** Interned values, in order of first use. */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  add(value: T): number {
    const key = this.keyOf(value);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(key, i);
    }
    return i;
  }
}

function encoder() {
  const strings = new Table<string>((v) => v);
  const attributes = new Table<Attributes>((v) => JSON.stringify(v));
  const text = (v: string | undefined) => (v === undefined ? null : strings.add(v));
  const toColumns = (records: readonly RemoteProduct[]): Columns => {
    const c: Columns = Object.fromEntries(COLUMNS.map((k) => [k, []])) as unknown as Columns;
    for (const p of records) {
      c.sku.push(p.sku);
      c.name.push(p.name);
      c.base_code.push(strings.add(p.base_code));
      c.category.push(strings.add(p.category));
      c.attributes.push(attributes.add(p.attributes));
      c.images.push(p.images);
      c.videos.push(p.videos);
      c.product.push(p.product);
      c.id.push(p.id ?? null);
      c.restrict_for_others.push(p.restrict_for_others ?? null);
      c.approved.push(p.approved ?? null);
      c.created_at.push(text(p.created_at));
      c.updated_at.push(text(p.updated_at));
      c.price.push(text(p.price));
      c.retail_price.push(text(p.retail_price));
      c.stock.push(p.stock ?? null);
    }
    return c;
  };
  return { toColumns, strings: strings.values, attributes: attributes.values };
}

/** Back to the records exactly as normalizeProduct made them: same keys, in the same order, absent ones left out. */
function decoder(strings: unknown, attributeSets: unknown) {
  if (!Array.isArray(strings) || !Array.isArray(attributeSets)) throw new Error('tables');
  const text = (i: unknown): string => {
    const v = strings[i as number] as unknown;
    if (typeof v !== 'string') throw new Error('string index');
    return v;
  };
  return (columns: unknown): RemoteProduct[] => {
    const c = columns as Columns;
    if (typeof c !== 'object' || c === null) throw new Error('columns');
    const n = Array.isArray(c.sku) ? c.sku.length : -1;
    if (!COLUMNS.every((k) => Array.isArray(c[k]) && c[k].length === n)) throw new Error('columns');
    const out = new Array<RemoteProduct>(n);
    for (let i = 0; i < n; i++) {
      const sku = c.sku[i]!;
      const attributes = attributeSets[c.attributes[i]!] as Attributes | undefined;
      if (typeof sku !== 'string' || typeof attributes !== 'object' || attributes === null) throw new Error('record');
      const p: RemoteProduct = {
        sku,
        name: c.name[i]!,
        base_code: text(c.base_code[i]),
        category: text(c.category[i]),
        attributes,
        images: c.images[i]!,
        videos: c.videos[i]!,
        product: c.product[i]!,
      };
      const id = c.id[i]!;
      if (id !== null) p.id = id;
      const restrict = c.restrict_for_others[i]!;
      if (restrict !== null) p.restrict_for_others = restrict;
      const approved = c.approved[i]!;
      if (approved !== null) p.approved = approved;
      const created = c.created_at[i]!;
      if (created !== null) p.created_at = text(created);
      const updated = c.updated_at[i]!;
      if (updated !== null) p.updated_at = text(updated);
      const price = c.price[i]!;
      if (price !== null) p.price = text(price) as Decimal;
      const retail = c.retail_price[i]!;
      if (retail !== null) p.retail_price = text(retail) as Decimal;
      const stock = c.stock[i]!;
      if (stock !== null) p.stock = stock;
      out[i] = p;
    }
    return out;
  };
}

export async function saveSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  const { toColumns, strings, attributes } = encoder();
  const listings = snapshot.listings.map((l) => ({ query: l.query, records: toColumns(l.records) }));
  const body = {
    format: SNAPSHOT_FORMAT,
    origin: snapshot.origin,
    scope: snapshot.scope,
    serverTime: snapshot.serverTime,
    savedAt: snapshot.savedAt,
    fullReadAt: snapshot.fullReadAt,
    pageSize: snapshot.pageSize,
    strings,
    attributes,
    listings,
  };
  const bytes = JSON.stringify(body);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** A missing file is `missing`; anything unreadable or malformed is a `problem` (the read falls back). */
export async function loadSnapshot(file: string): Promise<LoadedSnapshot> {
  let bytes: string;
  try {
    bytes = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { problem: `the snapshot cannot be read (${code ?? String(err)})` };
  }
  try {
    const body = JSON.parse(bytes) as Record<string, unknown>;
    if (body.format !== SNAPSHOT_FORMAT) return { problem: `the snapshot was written in another format (${String(body.format)})` };
    const { origin, scope, serverTime, savedAt, pageSize, listings } = body;
    if (typeof origin !== 'string' || typeof scope !== 'string' || typeof savedAt !== 'number' || !Array.isArray(listings)) {
      throw new Error('header');
    }
    if (typeof pageSize !== 'number' || !(pageSize >= 1)) {
      throw new Error('header');
    }
    if (serverTime !== null && (typeof serverTime !== 'string' || Number.isNaN(Date.parse(serverTime)))) throw new Error('serverTime');
    const fromColumns = decoder(body.strings, body.attributes);
    const read = listings.map((l: unknown): SnapshotListing => {
      const { query, records } = (l ?? {}) as Record<string, unknown>;
      if (typeof query !== 'string') throw new Error('listing');
      return { query, records: fromColumns(records) };
    });
    // A snapshot saved before fullReadAt was recorded: its save is the latest full read it can vouch for.
    const fullReadAt = typeof body.fullReadAt === 'number' ? body.fullReadAt : savedAt;
    return { snapshot: { origin, scope, serverTime: serverTime as string | null, savedAt, fullReadAt, pageSize, listings: read } };
  } catch {
    return { problem: 'the snapshot is corrupt' };
  }
}
