/**
 * The bytes of a parse-cache entry's body: the worker wire form of a file's result, with every
 * cell that is a 32-bit integer (counts, tags, name indexes, lines and columns: about two thirds
 * of them) stored as raw binary instead of JSON text. Parsing a JSON array of millions of mixed
 * cells was most of the cost of reading an entry; the integers now cost a copy, and JSON holds
 * only the strings and the few other cells. Written and read on the same machine (the key holds
 * the byte order).
 */
import type { Cell, WireFileResult } from './parallel/wire.js';

/** In the integer stream: "the next cell is the next one of the JSON list". */
const FROM_JSON = -0x80000000;

type CellLists = Pick<WireFileResult, 'products' | 'declared' | 'prices' | 'stocks'>;
const LISTS = ['products', 'declared', 'prices', 'stocks'] as const;

interface Header extends Omit<WireFileResult, keyof CellLists> {
  lengths: number[];
  others: Cell[];
}

/** Undefined when a cell would not survive JSON (a non-finite number, -0): such a result is not cached. */
export function packWire(wire: WireFileResult): Buffer | undefined {
  const total = LISTS.reduce((n, k) => n + wire[k].length, 0);
  const ints = new Int32Array(total);
  const others: Cell[] = [];
  let i = 0;
  for (const k of LISTS) {
    for (const c of wire[k]) {
      if (typeof c === 'number' && Number.isInteger(c) && c > FROM_JSON && c <= 0x7fffffff && !Object.is(c, -0)) {
        ints[i++] = c;
      } else {
        if (typeof c === 'number' && (!Number.isFinite(c) || Object.is(c, -0))) return undefined;
        ints[i++] = FROM_JSON;
        others.push(c);
      }
    }
  }
  const { products: _p, declared: _d, prices: _pr, stocks: _s, ...rest } = wire;
  const header: Header = { ...rest, lengths: LISTS.map((k) => wire[k].length), others };
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  return Buffer.concat([size, json, Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength)]);
}

/** Throws on a body that is not one packWire wrote. */
export function unpackWire(body: Buffer): WireFileResult {
  const jsonLength = body.readUInt32LE(0);
  const header = JSON.parse(body.toString('utf8', 4, 4 + jsonLength)) as Header;
  const { lengths, others, ...rest } = header;
  const intBytes = body.subarray(4 + jsonLength);
  const total = lengths.reduce((n, l) => n + l, 0);
  if (intBytes.length !== total * 4 || lengths.length !== LISTS.length) throw new Error('a parse-cache entry of the wrong size');
  // A copy: the integers must start on a 4-byte boundary, which the body's bytes need not.
  const ints = new Int32Array(intBytes.buffer.slice(intBytes.byteOffset, intBytes.byteOffset + intBytes.length));
  let i = 0;
  let o = 0;
  const lists = lengths.map((length) => {
    const cells: Cell[] = new Array<Cell>(length);
    for (let j = 0; j < length; j++, i++) cells[j] = ints[i] === FROM_JSON ? others[o++]! : ints[i]!;
    return cells;
  });
  if (o !== others.length) throw new Error('a parse-cache entry of the wrong size');
  return { ...rest, products: lists[0]!, declared: lists[1]!, prices: lists[2]!, stocks: lists[3]! };
}
