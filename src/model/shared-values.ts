/**
 * One copy of each value that repeats across the products of a large catalog. Every product
 * read from YAML or from a listing page carries its own copy of its category uuid, base code,
 * price, stamps and attribute values, and its own attribute object. In a catalog of 100,000
 * SKUs these are a few hundred distinct values and a few dozen attribute sets, and the copies
 * cost some 20 MB of heap on each side (desired and remote), at the point where loading the
 * catalog peaks. Products are only read once made, so sharing these values is safe (the remote
 * snapshot has always shared attribute sets the same way).
 */
import type { Attributes, OfferValues, ProductBase } from './product.js';

export class SharedValues {
  private readonly texts = new Map<string, string>();
  private readonly attributeSets = new Map<string, Attributes>();

  text<T extends string>(value: T): T {
    const known = this.texts.get(value);
    if (known !== undefined) return known as T;
    this.texts.set(value, value);
    return value;
  }

  /** The shared object with the same keys, in the same order, and the same values. */
  attributes(set: Attributes): Attributes {
    const entries = Object.entries(set);
    const key = JSON.stringify(entries);
    const known = this.attributeSets.get(key);
    if (known !== undefined) return known;
    for (const [name, value] of entries) if (typeof value === 'string') set[name] = this.text(value);
    this.attributeSets.set(key, set);
    return set;
  }

  /** Replaces, in place, a product's repeated values by their shared copies. */
  product(p: ProductBase & OfferValues): void {
    p.category = this.text(p.category);
    p.base_code = this.text(p.base_code);
    p.attributes = this.attributes(p.attributes);
    if (p.price !== undefined) p.price = this.text(p.price);
    if (p.retail_price !== undefined) p.retail_price = this.text(p.retail_price);
  }
}

/**
 * Products already in memory (the catalog's, by SKU) whose strings and image lists a decoder may
 * share instead of building its own copies: a remote record read back from the snapshot usually
 * holds exactly the name and images the catalog gives its SKU, and 100,000 records' copies were
 * the bulk of what the garbage collector moved while a plan loaded the snapshot. Sharing is safe
 * for the reason above: products are only read once made.
 */
export interface KnownProducts {
  get(sku: string): { readonly sku: string; readonly name: string; readonly images?: readonly string[] | undefined } | undefined;
}
