/**
 * A compact form for files of many records that shelf writes for itself and reads back on every
 * run (parse-cache entries, snapshots of the remote scope), laid out for the reader:
 * - every integer (counts, tags, indexes, lines, columns, stocks) is raw binary in one Int32
 *   stream, read in order;
 * - every string is stored once and referred to by index (base codes, categories, attribute
 *   names and values, prices and stamps repeat across a catalog; records read back share them),
 *   all strings as one UTF-8 text plus where each ends: one decode and a slice per string (a
 *   slice of a long string is a view of it) instead of parsing each string as JSON;
 * - the few numbers that are not 32-bit integers sit in a JSON list.
 * A reader walks the stream and builds its records directly, with no list of cells in between.
 *
 * Layout: the JSON head's byte length (u32, little-endian), the head (the caller's fields plus
 * `packed`: the sizes of the parts and the numbers; padded with spaces to a multiple of 4
 * bytes), the stream, the strings' ends, the text.
 * Written and read on the same machine: integers are in its byte order.
 */

export type PackedValue = string | number | boolean | null | undefined;

interface PackedSizes {
  ints: number;
  strings: number;
  textBytes: number;
  numbers: number[];
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

/** Integers as they are written: an Int32Array that doubles when full (4 bytes each, not a JS array's 8). */
class IntBuffer {
  private buffer = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  get values(): Int32Array {
    return this.buffer.subarray(0, this.length);
  }
}

export class PackWriter {
  private readonly ints = new IntBuffer();
  private readonly strings: string[] = [];
  private readonly numbers: number[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** False once a value would not survive the trip (a non-finite number, -0, an integer out of range). */
  private packable = true;

  int(n: number): void {
    if (isInt32(n)) this.ints.push(n);
    else this.packable = false;
  }

  /** A string that repeats (a category, a price, an attribute value): stored once, however often written. */
  string(s: string): void {
    let index = this.stringIndex.get(s);
    if (index === undefined) {
      index = this.strings.push(s) - 1;
      this.stringIndex.set(s, index);
    }
    this.ints.push(index);
  }

  /** A string that hardly repeats (a SKU, a name, an image URL): stored as it comes, without a lookup. */
  text(s: string): void {
    this.ints.push(this.strings.push(s) - 1);
  }

  /** A value of any kind, or absent (undefined) or null: a tag, then what the tag needs. */
  value(v: PackedValue): void {
    if (v === undefined) this.ints.push(ABSENT);
    else if (v === null) this.ints.push(NULL);
    else if (typeof v === 'string') {
      this.ints.push(STRING);
      this.string(v);
    } else if (typeof v === 'boolean') this.ints.push(v ? TRUE : FALSE);
    else if (isInt32(v)) {
      this.ints.push(INT);
      this.ints.push(v);
    } else if (Number.isFinite(v) && !Object.is(v, -0)) {
      this.ints.push(NUMBER);
      this.ints.push(this.numbers.push(v) - 1);
    } else this.packable = false;
  }

  /** A string that hardly repeats, or absent: read back with `value`. */
  optionalText(s: string | undefined): void {
    if (s === undefined) this.ints.push(ABSENT);
    else {
      this.ints.push(STRING);
      this.text(s);
    }
  }

  /** A list of strings, or none (-1); of strings that hardly repeat (`text`) unless `repeating`. */
  list(items: readonly string[] | undefined, repeating = false): void {
    if (items === undefined) {
      this.ints.push(-1);
      return;
    }
    this.ints.push(items.length);
    for (const s of items) {
      if (repeating) this.string(s);
      else this.text(s);
    }
  }

  /**
   * The bytes, with `head` (plain JSON data) in front, in parts to be written one after the
   * other (not joined: for 100,000 records that would be one more copy of them all); undefined
   * when something written would not come back exactly (the caller then keeps no file, or
   * another form).
   */
  pack(head: object): Buffer[] | undefined {
    const text = this.strings.join('');
    // A lone surrogate would not survive UTF-8.
    if (!this.packable || LONE_SURROGATE.test(text)) return undefined;
    const textBytes = Buffer.from(text, 'utf8');
    const packed: PackedSizes = { ints: this.ints.length, strings: this.strings.length, textBytes: textBytes.length, numbers: this.numbers };
    const headText = JSON.stringify({ ...head, packed });
    // Spaces after the head put the integers on a 4-byte boundary (counted from the start of
    // these bytes): the reader then views them where they lie instead of copying them.
    const json = Buffer.from(headText.padEnd(headText.length + ((4 - ((4 + Buffer.byteLength(headText)) % 4)) % 4)));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(json.length);
    // Where each string ends in the text, in UTF-16 units (as JavaScript counts).
    const ends = new Int32Array(this.strings.length);
    let end = 0;
    this.strings.forEach((str, k) => (ends[k] = end += str.length));
    const ints = this.ints.values;
    return [
      Buffer.concat([size, json]),
      Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength),
      Buffer.from(ends.buffer, ends.byteOffset, ends.byteLength),
      textBytes,
    ];
  }
}

const EMPTY_LIST: readonly string[] = Object.freeze([]);

/** Thrown for bytes that are not what a PackWriter wrote. */
export class PackedDataError extends Error {}

/** Checks that the strings' ends step through the whole text (`length` units) in order. */
function checkEnds(ends: Int32Array, length: number): void {
  let start = 0;
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k]!;
    if (end < start || end > length) throw new PackedDataError('string ends out of order');
    start = end;
  }
  if (start !== length) throw new PackedDataError('text longer than its strings');
}

/** Walks the stream in order; every read is checked, so a short or altered body throws PackedDataError. */
export class PackReader {
  private at = 0;

  /**
   * Strings are sliced out of the text when first asked for, and kept: a string that repeats is
   * made once, and one a caller can match with a copy it already holds (sameTextAt) never is.
   */
  private readonly strings: (string | undefined)[];

  private constructor(
    private readonly ints: Int32Array,
    private readonly ends: Int32Array,
    private readonly text: string,
    private readonly numbers: readonly number[],
  ) {
    this.strings = new Array<string | undefined>(ends.length);
  }

  /** The head (as JSON gave it: the caller checks it) and a reader of the stream. */
  static open(body: Buffer): { head: Record<string, unknown>; reader: PackReader } {
    if (body.length < 4) throw new PackedDataError('too short');
    const headLength = body.readUInt32LE(0);
    let head: Record<string, unknown>;
    try {
      head = JSON.parse(body.toString('utf8', 4, 4 + headLength)) as Record<string, unknown>;
    } catch {
      throw new PackedDataError('the head is not JSON');
    }
    const sizes = (head?.packed ?? {}) as Partial<PackedSizes>;
    const { ints, strings, textBytes, numbers } = sizes;
    const counts = [ints, strings, textBytes].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0);
    if (!counts || !Array.isArray(numbers) || !numbers.every((n) => typeof n === 'number')) throw new PackedDataError('sizes');
    const intStart = 4 + headLength;
    const textStart = intStart + (ints! + strings!) * 4;
    if (body.length !== textStart + textBytes!) throw new PackedDataError('the wrong size');
    // Viewed where they lie when on a 4-byte boundary (as written, in a buffer of their own); copied otherwise.
    const start = body.byteOffset + intStart;
    const all =
      start % 4 === 0
        ? new Int32Array(body.buffer, start, ints! + strings!)
        : new Int32Array(body.buffer.slice(start, body.byteOffset + textStart));
    const ends = all.subarray(ints!);
    // UTF-8 has as many bytes as UTF-16 units only for plain ASCII (a lone surrogate is never
    // written). Such bytes read as Latin-1 are their UTF-8 text, copied instead of decoded: a
    // fraction of the time for the 10 MB of text of a large snapshot or parse-cache entry.
    const ascii = (ends.length > 0 ? ends[ends.length - 1] : 0) === textBytes;
    const text = body.toString(ascii ? 'latin1' : 'utf8', textStart);
    checkEnds(ends, text.length);
    return { head, reader: new PackReader(all.subarray(0, ints!), ends, text, numbers as number[]) };
  }

  int(): number {
    if (this.at >= this.ints.length) throw new PackedDataError('ends early');
    return this.ints[this.at++]!;
  }

  string(): string {
    return this.stringAt(this.int());
  }

  value(): PackedValue {
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
        if (n === undefined) throw new PackedDataError('a number it does not hold');
        return n;
      }
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        throw new PackedDataError(`an unknown tag ${tag}`);
    }
  }

  /** Empty lists are one shared frozen array: a catalog has one per record (no videos), and nothing edits them. */
  list(): string[] | undefined {
    const n = this.int();
    if (n < 0) return undefined;
    if (n === 0) return EMPTY_LIST as string[];
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.string();
    return out;
  }

  /**
   * True, having stepped over it, when the next list holds exactly the strings of `items` in
   * order (found without building them); false, having read nothing, otherwise.
   */
  skipListEqualTo(items: readonly string[]): boolean {
    const n = this.ints[this.at];
    if (n === undefined || n !== items.length || n === 0 || this.at + n >= this.ints.length) return false;
    for (let k = 0; k < n; k++) if (!this.sameTextAt(this.ints[this.at + 1 + k]!, items[k]!)) return false;
    this.at += 1 + n;
    return true;
  }

  /** Where the next read starts: for a caller that steps over a part and reads it later (intAt, stringAt). */
  get offset(): number {
    return this.at;
  }

  intAt(offset: number): number {
    const n = this.ints[offset];
    if (n === undefined) throw new PackedDataError('ends early');
    return n;
  }

  stringAt(index: number): string {
    const known = this.strings[index];
    if (known !== undefined) return known;
    const s = this.made(index);
    this.strings[index] = s;
    return s;
  }

  /** String `index`, not kept for later reads (one a caller looks up once, then drops or replaces). */
  textAt(index: number): string {
    return this.strings[index] ?? this.made(index);
  }

  /** Whether string `index` has exactly the text of `s`, found without building it. */
  sameTextAt(index: number, s: string): boolean {
    const start = this.startOf(index);
    return this.ends[index]! - start === s.length && this.text.startsWith(s, start);
  }

  /** String `index`, sliced out of the text. */
  private made(index: number): string {
    return this.text.slice(this.startOf(index), this.ends[index]!);
  }

  /** Where string `index` starts in the text; throws for an index it does not hold. */
  private startOf(index: number): number {
    if (!(index >= 0 && index < this.ends.length)) throw new PackedDataError('a string it does not hold');
    return index === 0 ? 0 : this.ends[index - 1]!;
  }

  get ended(): boolean {
    return this.at === this.ints.length;
  }
}

/**
 * Objects of values that repeat across records (attribute sets: a catalog's products share a few
 * colour and size combinations), each distinct one written once; returns each record's index
 * into them, to be written with the record.
 */
export function writeValueSets(w: PackWriter, sets: readonly Readonly<Record<string, PackedValue>>[]): number[] {
  const distinct: Readonly<Record<string, PackedValue>>[] = [];
  const index = new Map<string, number>();
  const indexes = sets.map((set) => {
    const key = JSON.stringify(set);
    let i = index.get(key);
    if (i === undefined) {
      i = distinct.push(set) - 1;
      index.set(key, i);
    }
    return i;
  });
  w.int(distinct.length);
  for (const set of distinct) {
    const keys = Object.keys(set);
    w.int(keys.length);
    for (const k of keys) {
      w.string(k);
      w.value(set[k]);
    }
  }
  return indexes;
}

/** The sets writeValueSets wrote, each made by `make` from its entries in order. */
export function readValueSets<T>(r: PackReader, make: (entries: [string, PackedValue][]) => T): T[] {
  const sets = new Array<T>(r.int());
  for (let s = 0; s < sets.length; s++) {
    const entries = new Array<[string, PackedValue]>(r.int());
    for (let k = 0; k < entries.length; k++) entries[k] = [r.string(), r.value()];
    sets[s] = make(entries);
  }
  return sets;
}

