/** Field positions built on first use must behave as the plain record they stand for. */
import { describe, expect, it } from 'vitest';
import { lazyFieldSourcesOf } from '../../src/config/lazy-field-sources.js';
import type { SourcePos } from '../../src/model/source.js';

const pos = (line: number): SourcePos => ({ file: 'catalog/a.yaml', line, column: 3 });
const plain = (at: number): Record<string, SourcePos> => ({ name: pos(at), price: pos(at + 1) });

function lazy() {
  const fills: number[] = [];
  const make = lazyFieldSourcesOf((into, at) => {
    fills.push(at);
    Object.assign(into, plain(at));
  });
  return { make, fills };
}

describe('lazy field sources', () => {
  it('builds nothing until looked at, then once', () => {
    const { make, fills } = lazy();
    const records = [make(10), make(20)];
    expect(fills).toEqual([]);
    expect(records[1]!.price).toEqual(pos(21));
    expect(records[1]!.name).toEqual(pos(20));
    expect(fills).toEqual([20]);
  });

  it('is indistinguishable from the plain record: keys, values, JSON, spread, in, assignment, deletion, equality', () => {
    const { make } = lazy();
    expect(Object.keys(make(1))).toEqual(['name', 'price']);
    expect(Object.values(make(1))).toEqual([pos(1), pos(2)]);
    expect(JSON.stringify(make(1))).toBe(JSON.stringify(plain(1)));
    expect({ ...make(1) }).toEqual(plain(1));
    expect(make(1)).toEqual(plain(1));
    expect(Object.getPrototypeOf(make(1))).toBe(Object.prototype);
    expect('price' in make(1)).toBe(true);
    expect('stock' in make(1)).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(make(1), 'name')).toBe(true);
    const edited = make(1);
    edited.stock = pos(9);
    delete edited.name;
    expect(edited).toEqual({ price: pos(2), stock: pos(9) });
    const fresh = make(5);
    fresh.price = pos(7); // an assignment before any read keeps the other positions
    expect(fresh).toEqual({ name: pos(5), price: pos(7) });
  });
});
