/**
 * The records of a snapshot's listings as columns (see Columns), shared by the snapshot file and
 * the file of changes saved beside it.
 */
import type { Decimal } from '../model/decimal.js';
import type { Attributes, RemoteProduct } from '../model/product.js';

/**
 * A listing's records as columns, one array per field. What repeats across a catalog (base
 * codes, categories, stamps, prices, whole attribute sets) is an index into the file's tables
 * instead of its text: about half the bytes to parse, and one attribute object shared by the
 * records that have the same set. Columns rather than one array per record: JSON.parse then
 * builds a few long arrays, most of them of small integers, instead of one short array per
 * record that is garbage as soon as the record is built.
 */
export interface Columns {
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

export function encoder() {
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
export function decoder(strings: unknown, attributeSets: unknown) {
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

