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
import { PackedDataError, type PackedValue, PackReader, PackWriter, readValueSets, writeValueSets } from '../model/packed.js';
import type { AttributeValue, Attributes, DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import type { CatalogFileResult, FeedPrice, FeedStock, FlawedEntry } from './build-file.js';
import { type FillFieldSources, lazyFieldSourcesOf } from './lazy-field-sources.js';

interface Head {
  file: string;
  diagnostics: Diagnostic[];
  flawed?: FlawedEntry[];
  /** The names of fields with positions (`name`, `attributes.COLOR`, …), each once. */
  fields: string[];
}

/**
 * A field's position in one integer: the field's index (9 bits), its line relative to the
 * product's (11 bits, offset by 1024: family fields sit above their variants) and its column
 * (11 bits). Ten fields a product made thirty integers; now ten, and an entry a third smaller.
 * A position out of these ranges is written in full after ESCAPE.
 */
const FIELD_BITS = 9;
const SPAN_BITS = 11;
const LINE_OFFSET = 1 << (SPAN_BITS - 1);
const SPAN = 1 << SPAN_BITS;
const ESCAPE = -1;

class EntryWriter extends PackWriter {
  /** False once a position points into another file: such a result is not cached. */
  ownFile = true;
  readonly fields: string[] = [];
  private readonly fieldIndex = new Map<string, number>();

  constructor(private readonly file: string) {
    super();
  }

  /** A field's position, packed relative to its product's line when it fits (see FIELD_BITS). */
  fieldPosition(field: string, pos: SourcePos, productLine: number): void {
    let index = this.fieldIndex.get(field);
    if (index === undefined) {
      index = this.fields.push(field) - 1;
      this.fieldIndex.set(field, index);
    }
    if (pos.file !== this.file) this.ownFile = false;
    const line = pos.line - productLine + LINE_OFFSET;
    if (index < 1 << FIELD_BITS && line >= 0 && line < SPAN && pos.column >= 0 && pos.column < SPAN) {
      this.int((index << (2 * SPAN_BITS)) | (line << SPAN_BITS) | pos.column);
    } else {
      this.int(ESCAPE);
      this.int(index);
      this.int(pos.line);
      this.int(pos.column);
    }
  }

  position(pos: SourcePos): void {
    if (pos.file !== this.file) this.ownFile = false;
    this.int(pos.line);
    this.int(pos.column);
  }
}

function writeProduct(w: EntryWriter, p: DesiredProduct, set: number): void {
  w.text(p.sku);
  w.text(p.name);
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
  w.int(p.source.line);
  for (const f of fields) w.fieldPosition(f, p.fieldSources[f]!, p.source.line);
}

/** Undefined when the result holds something the entry cannot carry exactly: such a result is not cached. */
export function packEntry(result: CatalogFileResult): Buffer[] | undefined {
  const w = new EntryWriter(result.file);
  // Products with the same attributes share one frozen object when read back.
  const setOf = writeValueSets(w, result.products.map((p) => p.attributes));
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
  const head: Head = { file: result.file, diagnostics: result.diagnostics, fields: w.fields };
  if (result.flawed) head.flawed = result.flawed;
  return w.pack(head);
}

class EntryReader {
  constructor(
    readonly r: PackReader,
    private readonly file: string,
    private readonly fields: readonly string[],
  ) {}

  position(): SourcePos {
    return { file: this.file, line: this.r.int(), column: this.r.int() };
  }

  /** Steps over a product's field positions, checking them, and says where they start. */
  fieldSourcesAt(): number {
    const { r, fields } = this;
    const at = r.offset;
    const count = r.int();
    if (count < 0) throw new PackedDataError('a negative count');
    r.int();
    for (let k = 0; k < count; k++) {
      const packed = r.int();
      const index = packed === ESCAPE ? r.int() : packed >>> (2 * SPAN_BITS);
      if (packed === ESCAPE) {
        r.int();
        r.int();
      }
      if (packed < ESCAPE || fields[index] === undefined) throw new PackedDataError('a field it does not hold');
    }
    return at;
  }

  /** The positions fieldSourcesAt stepped over (and checked). */
  readonly fillFieldSources: FillFieldSources = (into, at) => {
    const { r, file, fields } = this;
    const count = r.intAt(at);
    const productLine = r.intAt(at + 1);
    for (let k = 0, i = at + 2; k < count; k++) {
      const packed = r.intAt(i);
      if (packed === ESCAPE) {
        into[fields[r.intAt(i + 1)]!] = { file, line: r.intAt(i + 2), column: r.intAt(i + 3) };
        i += 4;
      } else {
        const line = productLine + ((packed >>> SPAN_BITS) & (SPAN - 1)) - LINE_OFFSET;
        into[fields[packed >>> (2 * SPAN_BITS)]!] = { file, line, column: packed & (SPAN - 1) };
        i += 1;
      }
    }
  };
}

/** A product's attribute object as a fresh parse makes it (no prototype), shared, so frozen. */
function attributeSet(entries: [string, PackedValue][]): Attributes {
  const set = Object.create(null) as Attributes;
  for (const [key, value] of entries) set[key] = value as AttributeValue;
  return Object.freeze(set);
}

/** Built property by property in the order a fresh parse sets them (JSON output and hidden classes alike). */
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
  const { file, diagnostics, flawed, fields } = head as Partial<Head>;
  if (typeof file !== 'string' || !Array.isArray(diagnostics) || !Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) {
    throw new PackedDataError('head');
  }
  const e = new EntryReader(r, file, fields);
  const sets = readValueSets(r, attributeSet);
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
