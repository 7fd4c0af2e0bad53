/**
 * The body of a parse-cache entry: one catalog file's result, laid out to be read back in a
 * single pass. Reading an entry is most of the local cost of a plan whose catalog did not change,
 * so the layout serves the reader:
 * - every integer (lines, columns, counts, tags) is raw binary in one Int32 stream, read in order;
 * - every string is stored once and referred to by index (base codes, categories, attribute
 *   names and values, prices repeat across a catalog; products built from the entry share them),
 *   all of them as one UTF-8 text with where each ends;
 * - the few cells that are neither (a fractional attribute value) sit in a second JSON list.
 * No intermediate list of cells is built: the reader walks the stream and builds each product as
 * a fresh parse does, property by property in the same order, so the two are indistinguishable;
 * only a product's field positions wait until something looks at them.
 *
 * Layout: the JSON head's byte length (u32, little-endian), the head, the stream, the strings'
 * ends, the text. Written
 * and read on the same machine (the cache key holds the byte order).
 */
import type { Decimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { AttributeValue, Attributes, DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import type { CatalogFileResult, FeedPrice, FeedStock, FlawedEntry } from './build-file.js';
import { type FillFieldSources, lazyFieldSourcesOf } from './lazy-field-sources.js';

interface Head {
  file: string;
  numbers: number[];
  diagnostics: Diagnostic[];
  flawed?: FlawedEntry[];
  /** The stream's length in integers, the number of strings and the strings' length in bytes: a truncated or padded body is refused. */
  ints: number;
  strings: number;
  textBytes: number;
}

/** Tags of a value that may be absent or of several kinds. */
const ABSENT = 0;
const NULL = 1;
const STRING = 2;
const INT = 3;
const NUMBER = 4;
const TRUE = 5;
const FALSE = 6;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isInt32 = (n: number) => Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff && !Object.is(n, -0);

class EntryWriter {
  readonly ints: number[] = [];
  readonly strings: string[] = [];
  readonly numbers: number[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** False once a value would not survive the trip (a non-finite number, -0). */
  cacheable = true;

  int(n: number): void {
    if (isInt32(n)) this.ints.push(n);
    else this.cacheable = false;
  }

  string(s: string): void {
    let index = this.stringIndex.get(s);
    if (index === undefined) {
      index = this.strings.push(s) - 1;
      this.stringIndex.set(s, index);
    }
    this.ints.push(index);
  }

  position(pos: SourcePos, file: string): void {
    // Every position in a file's result points into that file; anything else is not cached.
    if (pos.file !== file) this.cacheable = false;
    this.int(pos.line);
    this.int(pos.column);
  }

  /** A value of any kind, or absent (undefined) or null: a tag, then what the tag needs. */
  value(v: AttributeValue | null | undefined): void {
    if (v === undefined) this.ints.push(ABSENT);
    else if (v === null) this.ints.push(NULL);
    else if (typeof v === 'string') {
      this.ints.push(STRING);
      this.string(v);
    } else if (typeof v === 'boolean') this.ints.push(v ? TRUE : FALSE);
    else if (isInt32(v)) this.ints.push(INT, v);
    else if (Number.isFinite(v) && !Object.is(v, -0)) this.ints.push(NUMBER, this.numbers.push(v) - 1);
    else this.cacheable = false;
  }

  list(items: readonly string[] | undefined): void {
    if (items === undefined) {
      this.ints.push(-1);
      return;
    }
    this.ints.push(items.length);
    for (const s of items) this.string(s);
  }
}

function writeProduct(w: EntryWriter, p: DesiredProduct, file: string): void {
  w.string(p.sku);
  w.string(p.name);
  w.string(p.base_code);
  w.string(p.category);
  w.position(p.source, file);
  const keys = Object.keys(p.attributes);
  w.int(keys.length);
  for (const k of keys) {
    w.string(k);
    w.value(p.attributes[k]);
  }
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
    w.position(p.fieldSources[f]!, file);
  }
}

/** Undefined when the result holds something the entry cannot carry exactly: such a result is not cached. */
export function packEntry(result: CatalogFileResult): Buffer | undefined {
  const w = new EntryWriter();
  const { file } = result;
  w.int(result.products.length);
  for (const p of result.products) writeProduct(w, p, file);
  w.int(result.declared.length);
  for (const d of result.declared) {
    w.string(d.sku);
    w.position(d.source, file);
  }
  w.int(result.prices.length);
  for (const e of result.prices) {
    w.string(e.sku);
    w.position(e.source, file);
    w.value(e.price);
    w.value(e.retail_price);
  }
  w.int(result.stocks.length);
  for (const e of result.stocks) {
    w.string(e.sku);
    w.position(e.source, file);
    w.value(e.stock);
  }
  const text = w.strings.join('');
  // A lone surrogate would not survive UTF-8: such a result is not cached.
  if (!w.cacheable || LONE_SURROGATE.test(text)) return undefined;
  const textBytes = Buffer.from(text, 'utf8');
  const head: Head = { file, numbers: w.numbers, diagnostics: result.diagnostics, ints: w.ints.length, strings: w.strings.length, textBytes: textBytes.length };
  if (result.flawed) head.flawed = result.flawed;
  const json = Buffer.from(JSON.stringify(head));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  // The stream, then where each string ends in the text (in UTF-16 units, as JavaScript counts).
  const ints = new Int32Array(w.ints.length + w.strings.length);
  ints.set(w.ints);
  let end = 0;
  w.strings.forEach((str, k) => (ints[w.ints.length + k] = end += str.length));
  return Buffer.concat([size, json, Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength), textBytes]);
}

/**
 * The strings: one UTF-8 decode of the whole text, then a slice per string (a slice of a long
 * string is a view of it, not a copy) — far cheaper than parsing the same strings as JSON.
 */
function readStrings(ends: Int32Array, text: string): string[] {
  const strings = new Array<string>(ends.length);
  let start = 0;
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k]!;
    if (end < start || end > text.length) throw new Error('a parse-cache entry of the wrong size');
    strings[k] = text.slice(start, end);
    start = end;
  }
  if (start !== text.length) throw new Error('a parse-cache entry of the wrong size');
  return strings;
}

/** Walks the stream in order; every read is checked against its end, so a short body throws. */
class EntryReader {
  private at = 0;

  constructor(
    private readonly ints: Int32Array,
    private readonly strings: readonly string[],
    private readonly numbers: readonly number[],
    private readonly file: string,
  ) {}

  int(): number {
    if (this.at >= this.ints.length) throw new Error('a parse-cache entry ends early');
    return this.ints[this.at++]!;
  }

  string(): string {
    const s = this.strings[this.int()];
    if (s === undefined) throw new Error('a parse-cache entry refers to a string it does not hold');
    return s;
  }

  position(): SourcePos {
    return { file: this.file, line: this.int(), column: this.int() };
  }

  value(): AttributeValue | null | undefined {
    const tag = this.int();
    switch (tag) {
      case ABSENT:
        return undefined;
      case NULL:
        return null;
      case STRING:
        return this.string();
      case INT:
        return this.int();
      case NUMBER: {
        const n = this.numbers[this.int()];
        if (n === undefined) throw new Error('a parse-cache entry refers to a number it does not hold');
        return n;
      }
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        throw new Error(`a parse-cache entry holds an unknown tag ${tag}`);
    }
  }

  list(): string[] | undefined {
    const n = this.int();
    if (n < 0) return undefined;
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.string();
    return out;
  }

  /**
   * Steps over a product's field positions, checking them, and says where they start: they are
   * built only if something looks at them (see lazy-field-sources).
   */
  fieldSourcesAt(): number {
    const at = this.at;
    const count = this.int();
    for (let k = 0; k < count; k++) {
      if (this.strings[this.int()] === undefined) throw new Error('a parse-cache entry refers to a string it does not hold');
      this.at += 2;
    }
    if (count < 0 || this.at > this.ints.length) throw new Error('a parse-cache entry ends early');
    return at;
  }

  /** The positions fieldSourcesAt stepped over. */
  readonly fillFieldSources: FillFieldSources = (into, at) => {
    const { ints, strings, file } = this;
    const count = ints[at]!;
    for (let k = 0, i = at + 1; k < count; k++, i += 3) into[strings[ints[i]!]!] = { file, line: ints[i + 1]!, column: ints[i + 2]! };
  };

  get ended(): boolean {
    return this.at === this.ints.length;
  }
}

/** Built property by property in the order a fresh parse sets them (JSON output and hidden classes alike). */
function readProduct(r: EntryReader, fieldSources: (at: number) => Record<string, SourcePos>): DesiredProduct {
  const p: DesiredProduct = {
    sku: r.string(),
    name: r.string(),
    base_code: r.string(),
    category: r.string(),
    attributes: Object.create(null) as Attributes,
    source: r.position(),
    fieldSources: undefined as unknown as Record<string, SourcePos>,
  };
  const attributeCount = r.int();
  for (let k = 0; k < attributeCount; k++) {
    const key = r.string();
    p.attributes[key] = r.value() as AttributeValue;
  }
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
  p.fieldSources = fieldSources(r.fieldSourcesAt());
  return p;
}

/** Throws on a body that is not one packEntry wrote. */
export function unpackEntry(body: Buffer): CatalogFileResult {
  const headLength = body.readUInt32LE(0);
  const head = JSON.parse(body.toString('utf8', 4, 4 + headLength)) as Head;
  const intStart = 4 + headLength;
  const textStart = intStart + (head.ints + head.strings) * 4;
  if (!Array.isArray(head.numbers) || !(head.ints >= 0 && head.strings >= 0) || body.length !== textStart + head.textBytes) {
    throw new Error('a parse-cache entry of the wrong size');
  }
  // A copy: the integers must start on a 4-byte boundary, which the body's bytes need not.
  const all = new Int32Array(body.buffer.slice(body.byteOffset + intStart, body.byteOffset + textStart));
  const strings = readStrings(all.subarray(head.ints), body.toString('utf8', textStart));
  const { file } = head;
  const r = new EntryReader(all.subarray(0, head.ints), strings, head.numbers, file);
  const products = new Array<DesiredProduct>(r.int());
  const fieldSources = lazyFieldSourcesOf(r.fillFieldSources);
  for (let k = 0; k < products.length; k++) products[k] = readProduct(r, fieldSources);
  const declared = new Array<{ sku: string; source: SourcePos }>(r.int());
  for (let k = 0; k < declared.length; k++) declared[k] = { sku: r.string(), source: r.position() };
  const prices = new Array<FeedPrice>(r.int());
  for (let k = 0; k < prices.length; k++) {
    const e: FeedPrice = { sku: r.string(), source: r.position() };
    const price = r.value();
    if (price !== undefined) e.price = price as Decimal;
    const retail = r.value();
    if (retail !== undefined) e.retail_price = retail as Decimal;
    prices[k] = e;
  }
  const stocks = new Array<FeedStock>(r.int());
  for (let k = 0; k < stocks.length; k++) stocks[k] = { sku: r.string(), source: r.position(), stock: r.value() as number };
  if (!r.ended) throw new Error('a parse-cache entry of the wrong size');
  const result: CatalogFileResult = { file, products, declared, prices, stocks, diagnostics: head.diagnostics };
  if (head.flawed) result.flawed = head.flawed;
  return result;
}
