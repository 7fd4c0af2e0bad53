/**
 * The body of a parse-cache entry: one catalog file's result in the packed form (model/packed),
 * read back in a single pass. Reading an entry is most of the local cost of a plan whose catalog
 * did not change. The reader builds each product as a fresh parse does, property by property in
 * the same order, so the two are indistinguishable; only a product's field positions wait until
 * something looks at them (lazy-field-sources), and products with the same attributes share one
 * frozen attribute object.
 */
import type { Decimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { PackedDataError, PackReader, PackWriter } from '../model/packed.js';
import type { AttributeValue, Attributes, DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import type { CatalogFileResult, FeedPrice, FeedStock, FlawedEntry } from './build-file.js';
import { type FillFieldSources, lazyFieldSourcesOf } from './lazy-field-sources.js';

interface Head {
  file: string;
  diagnostics: Diagnostic[];
  flawed?: FlawedEntry[];
}

class EntryWriter extends PackWriter {
  /** False once a position points into another file: such a result is not cached. */
  ownFile = true;

  constructor(private readonly file: string) {
    super();
  }

  position(pos: SourcePos): void {
    if (pos.file !== this.file) this.ownFile = false;
    this.int(pos.line);
    this.int(pos.column);
  }
}

/**
 * Each distinct attribute set once (a catalog's products share a few colour and size
 * combinations): read back, the products that have the same set share one frozen object.
 */
function writeAttributeSets(w: EntryWriter, products: readonly DesiredProduct[]): number[] {
  const sets: Attributes[] = [];
  const index = new Map<string, number>();
  const setOf = products.map((p) => {
    const key = JSON.stringify(p.attributes);
    let i = index.get(key);
    if (i === undefined) {
      i = sets.push(p.attributes) - 1;
      index.set(key, i);
    }
    return i;
  });
  w.int(sets.length);
  for (const set of sets) {
    const keys = Object.keys(set);
    w.int(keys.length);
    for (const k of keys) {
      w.string(k);
      w.value(set[k]);
    }
  }
  return setOf;
}

function writeProduct(w: EntryWriter, p: DesiredProduct, set: number): void {
  w.string(p.sku);
  w.string(p.name);
  w.string(p.base_code);
  w.string(p.category);
  w.position(p.source);
  w.int(set);
  w.list(p.images);
  w.list(p.videos);
  w.value(p.product);
  w.value(p.restrict_for_others);
  w.value(p.price);
  w.value(p.retail_price);
  w.value(p.stock);
  const fields = Object.keys(p.fieldSources);
  w.int(fields.length);
  for (const f of fields) {
    w.string(f);
    w.position(p.fieldSources[f]!);
  }
}

/** Undefined when the result holds something the entry cannot carry exactly: such a result is not cached. */
export function packEntry(result: CatalogFileResult): Buffer | undefined {
  const w = new EntryWriter(result.file);
  const setOf = writeAttributeSets(w, result.products);
  w.int(result.products.length);
  result.products.forEach((p, k) => writeProduct(w, p, setOf[k]!));
  // A SKU's declaration usually sits where its product does: written as that product's index,
  // and read back as the very same position object (one object fewer per SKU, and the merge
  // recognises its first definition by identity).
  const productAt = new Map<string, number>();
  result.products.forEach((p, k) => productAt.set(p.sku, k));
  w.int(result.declared.length);
  for (const d of result.declared) {
    const k = productAt.get(d.sku);
    const product = k === undefined ? undefined : result.products[k]!;
    if (product && product.source.line === d.source.line && product.source.column === d.source.column) w.int(k!);
    else {
      w.int(-1);
      w.string(d.sku);
      w.position(d.source);
    }
  }
  w.int(result.prices.length);
  for (const e of result.prices) {
    w.string(e.sku);
    w.position(e.source);
    w.value(e.price);
    w.value(e.retail_price);
  }
  w.int(result.stocks.length);
  for (const e of result.stocks) {
    w.string(e.sku);
    w.position(e.source);
    w.value(e.stock);
  }
  if (!w.ownFile) return undefined;
  const head: Head = { file: result.file, diagnostics: result.diagnostics };
  if (result.flawed) head.flawed = result.flawed;
  return w.pack(head);
}

class EntryReader {
  constructor(
    readonly r: PackReader,
    private readonly file: string,
  ) {}

  position(): SourcePos {
    return { file: this.file, line: this.r.int(), column: this.r.int() };
  }

  /** Steps over a product's field positions, checking them, and says where they start. */
  fieldSourcesAt(): number {
    const at = this.r.offset;
    const count = this.r.int();
    if (count < 0) throw new PackedDataError('a negative count');
    for (let k = 0; k < count; k++) {
      this.r.string();
      this.r.int();
      this.r.int();
    }
    return at;
  }

  /** The positions fieldSourcesAt stepped over. */
  readonly fillFieldSources: FillFieldSources = (into, at) => {
    const { r, file } = this;
    const count = r.intAt(at);
    for (let k = 0, i = at + 1; k < count; k++, i += 3) into[r.stringAt(r.intAt(i))] = { file, line: r.intAt(i + 1), column: r.intAt(i + 2) };
  };
}

/** Built property by property in the order a fresh parse sets them (JSON output and hidden classes alike). */
function readAttributeSets(r: PackReader): Attributes[] {
  const sets = new Array<Attributes>(r.int());
  for (let s = 0; s < sets.length; s++) {
    const set = Object.create(null) as Attributes;
    const count = r.int();
    for (let k = 0; k < count; k++) {
      const key = r.string();
      set[key] = r.value() as AttributeValue;
    }
    sets[s] = Object.freeze(set);
  }
  return sets;
}

function readProduct(e: EntryReader, sets: readonly Attributes[], fieldSources: (at: number) => Record<string, SourcePos>): DesiredProduct {
  const { r } = e;
  const p: DesiredProduct = {
    sku: r.string(),
    name: r.string(),
    base_code: r.string(),
    category: r.string(),
    attributes: undefined as unknown as Attributes,
    source: e.position(),
    fieldSources: undefined as unknown as Record<string, SourcePos>,
  };
  const attributes = sets[r.int()];
  if (!attributes) throw new PackedDataError('an attribute set it does not hold');
  p.attributes = attributes;
  const images = r.list();
  if (images) p.images = images;
  const videos = r.list();
  if (videos) p.videos = videos;
  const product = r.value();
  if (product !== undefined) p.product = product as string | null;
  const restrict = r.value();
  if (restrict !== undefined) p.restrict_for_others = restrict as boolean;
  const price = r.value();
  if (price !== undefined) p.price = price as Decimal;
  const retail = r.value();
  if (retail !== undefined) p.retail_price = retail as Decimal;
  const stock = r.value();
  if (stock !== undefined) p.stock = stock as number;
  p.fieldSources = fieldSources(e.fieldSourcesAt());
  return p;
}

/** Throws on a body that is not one packEntry wrote. */
export function unpackEntry(body: Buffer): CatalogFileResult {
  const { head, reader: r } = PackReader.open(body);
  const { file, diagnostics, flawed } = head as Partial<Head>;
  if (typeof file !== 'string' || !Array.isArray(diagnostics)) throw new PackedDataError('head');
  const e = new EntryReader(r, file);
  const sets = readAttributeSets(r);
  const products = new Array<DesiredProduct>(r.int());
  const fieldSources = lazyFieldSourcesOf(e.fillFieldSources);
  for (let k = 0; k < products.length; k++) products[k] = readProduct(e, sets, fieldSources);
  const declared = new Array<{ sku: string; source: SourcePos }>(r.int());
  for (let k = 0; k < declared.length; k++) {
    const at = r.int();
    const product = at >= 0 ? products[at] : undefined;
    if (at >= 0 && !product) throw new PackedDataError('a declaration of a product it does not hold');
    // The product itself stands for its declaration (a SKU and a source is all one is read for).
    declared[k] = product ?? { sku: r.string(), source: e.position() };
  }
  const prices = new Array<FeedPrice>(r.int());
  for (let k = 0; k < prices.length; k++) {
    const entry: FeedPrice = { sku: r.string(), source: e.position() };
    const price = r.value();
    if (price !== undefined) entry.price = price as Decimal;
    const retail = r.value();
    if (retail !== undefined) entry.retail_price = retail as Decimal;
    prices[k] = entry;
  }
  const stocks = new Array<FeedStock>(r.int());
  for (let k = 0; k < stocks.length; k++) stocks[k] = { sku: r.string(), source: e.position(), stock: r.value() as number };
  if (!r.ended) throw new PackedDataError('the wrong size');
  const result: CatalogFileResult = { file, products, declared, prices, stocks, diagnostics };
  if (flawed) result.flawed = flawed;
  return result;
}
