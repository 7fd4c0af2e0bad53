/** The packed form of shelf's own record files: everything written comes back exactly, or is refused. */
import { describe, expect, it } from 'vitest';
import { PackedDataError, PackReader, PackWriter, type PackedValue } from '../../src/model/packed.js';

const values: PackedValue[] = [undefined, null, '', 'plain', 'Ünïcödé ☃ 😀', 'line\nbreak "quoted"', 0, -1, 2_147_483_647, -2_147_483_648, 2_147_483_648, 2.5, -0.125, 1e300, true, false];

/** The parts of a packed file, as they would lie on disk. */
const bytesOf = (w: PackWriter, head: object = {}): Buffer => Buffer.concat(w.pack(head)!);

function written(): PackWriter {
  const w = new PackWriter();
  w.int(values.length);
  for (const v of values) w.value(v);
  w.list(undefined);
  w.list([]);
  w.list(['plain', 'plain', 'Ünïcödé ☃ 😀'], true);
  w.text('plain');
  return w;
}

describe('packed records', () => {
  it('gives back every kind of value, strings stored once, with the head', () => {
    const bytes = bytesOf(written(), { kind: 'test', n: [1, 2] });
    const { head, reader } = PackReader.open(bytes);
    expect(head).toMatchObject({ kind: 'test', n: [1, 2] });
    const back = Array.from({ length: reader.int() }, () => reader.value());
    expect(back).toEqual(values);
    expect(Object.is(back[values.indexOf(0)], 0)).toBe(true);
    expect(reader.list()).toBeUndefined();
    expect(reader.list()).toEqual([]);
    expect(reader.list()).toEqual(['plain', 'plain', 'Ünïcödé ☃ 😀']);
    expect(reader.string()).toBe('plain');
    expect(reader.ended).toBe(true);
    // Repeating strings once; a text (not looked up) once more.
    expect(bytes.toString('utf8').split('plain').length - 1).toBe(2);
  });

  it('reads its integers where they lie when aligned, and from a copy when not', () => {
    const bytes = bytesOf(written());
    expect((4 + bytes.readUInt32LE(0)) % 4).toBe(0);
    const shifted = Buffer.concat([Buffer.from([7]), bytes]).subarray(1);
    for (const b of [bytes, shifted]) {
      const { reader } = PackReader.open(b);
      expect(Array.from({ length: reader.int() }, () => reader.value())).toEqual(values);
    }
  });

  it('refuses to pack what would not come back exactly', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -0]) {
      const w = new PackWriter();
      w.value(bad);
      expect(w.pack({})).toBeUndefined();
    }
    const big = new PackWriter();
    big.int(2 ** 31);
    expect(big.pack({})).toBeUndefined();
    const surrogate = new PackWriter();
    surrogate.value('half \uD800 of a pair');
    expect(surrogate.pack({})).toBeUndefined();
  });

  it('throws PackedDataError on bytes it did not write', () => {
    const bytes = bytesOf(written());
    const headLength = bytes.readUInt32LE(0);
    const cases = [
      Buffer.alloc(0),
      bytes.subarray(0, bytes.length - 1),
      Buffer.concat([bytes, Buffer.from([0])]),
      Buffer.from('garbage and more garbage'),
    ];
    for (const bad of cases) expect(() => PackReader.open(bad)).toThrow(PackedDataError);
    // A tag no writer uses, then a string index past the end.
    const tag = Buffer.from(bytes);
    tag.writeInt32LE(77, 4 + headLength + 4);
    const reader = PackReader.open(tag).reader;
    reader.int();
    expect(() => reader.value()).toThrow(PackedDataError);
    const index = written();
    index.int(999);
    const far = PackReader.open(bytesOf(index)).reader;
    far.int();
    for (let k = 0; k < values.length; k++) far.value();
    far.list();
    far.list();
    far.list();
    far.string();
    expect(() => far.string()).toThrow(PackedDataError);
    expect(() => far.int()).toThrow(PackedDataError);
  });

  it('reads a text of plain ASCII and one with a character beyond it anywhere alike', () => {
    // The ASCII check goes four bytes at a time: a wide character first, inside, or in the last bytes.
    const texts = ['a', 'ab', 'abc', 'abcd', 'abcde', 'plain ascii text of some length'];
    for (const wide of ['é', '☃', '😀']) {
      for (const base of texts) {
        for (const at of [0, Math.floor(base.length / 2), base.length]) {
          const odd = base.slice(0, at) + wide + base.slice(at);
          const w = new PackWriter();
          w.text(base);
          w.text(odd);
          w.text(base);
          const { reader } = PackReader.open(bytesOf(w));
          expect([reader.string(), reader.string(), reader.string()]).toEqual([base, odd, base]);
        }
      }
      const ascii = new PackWriter();
      for (const t of texts) ascii.text(t);
      const { reader } = PackReader.open(bytesOf(ascii));
      expect(texts.map(() => reader.string())).toEqual(texts);
    }
  });

  it('tells whether a string or a list holds a given text without building it', () => {
    const w = new PackWriter();
    w.text('Ünïcödé ☃ 😀');
    w.text('plain');
    w.list(['a.jpg', 'b.jpg']);
    w.list(['a.jpg', 'b.jpg']);
    w.list(['a.jpg']);
    const { reader } = PackReader.open(bytesOf(w));
    expect(reader.sameTextAt(0, 'Ünïcödé ☃ 😀')).toBe(true);
    expect(reader.sameTextAt(0, 'Ünïcödé ☃')).toBe(false);
    expect(reader.sameTextAt(1, 'plain')).toBe(true);
    expect(reader.sameTextAt(1, 'plainer')).toBe(false);
    expect(reader.sameTextAt(1, 'plai')).toBe(false);
    expect(() => reader.sameTextAt(99, 'plain')).toThrow(PackedDataError);
    expect(reader.textAt(1)).toBe('plain');
    reader.int();
    reader.int();
    // A different list: nothing read; the same list: stepped over.
    expect(reader.skipListEqualTo(['a.jpg', 'c.jpg'])).toBe(false);
    expect(reader.skipListEqualTo(['a.jpg'])).toBe(false);
    expect(reader.skipListEqualTo(['a.jpg', 'b.jpg'])).toBe(true);
    expect(reader.list()).toEqual(['a.jpg', 'b.jpg']);
    expect(reader.skipListEqualTo(['a.jpg'])).toBe(true);
    expect(reader.ended).toBe(true);
    expect(reader.skipListEqualTo(['a.jpg'])).toBe(false);
  });
});
