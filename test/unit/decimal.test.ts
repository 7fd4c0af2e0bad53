import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalFromUnknown, decimalScale, parseDecimal } from '../../src/model/decimal.js';

describe('exact decimals', () => {
  it('normalizes equal values to the same text', () => {
    expect(parseDecimal('199.9')).toBe('199.90');
    expect(parseDecimal('199.90')).toBe('199.90');
    expect(parseDecimal('199.900')).toBe('199.90');
    expect(parseDecimal('0199.9')).toBe('199.90');
    expect(parseDecimal('10')).toBe('10.00');
    expect(parseDecimal('-0.00')).toBe('0.00');
    expect(parseDecimal('1.005')).toBe('1.005');
  });

  it('rejects anything that is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1e3', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10']) {
      expect(parseDecimal(bad)).toBeUndefined();
    }
  });

  it('reports the significant scale', () => {
    expect(decimalScale(parseDecimal('1.005')!)).toBe(3);
    expect(decimalScale(parseDecimal('1.50')!)).toBe(1);
    expect(decimalScale(parseDecimal('1')!)).toBe(0);
  });

  it('compares exactly, beyond float precision', () => {
    const a = parseDecimal('9007199254740993.01')!;
    const b = parseDecimal('9007199254740993.02')!;
    expect(compareDecimal(a, b)).toBe(-1);
    expect(compareDecimal(b, a)).toBe(1);
    expect(compareDecimal(parseDecimal('0.1')!, parseDecimal('0.10')!)).toBe(0);
    expect(compareDecimal(parseDecimal('-1')!, parseDecimal('0.5')!)).toBe(-1);
  });

  it('reads API numbers through their shortest text', () => {
    expect(decimalFromUnknown(199.9)).toBe('199.90');
    expect(decimalFromUnknown('249.90')).toBe('249.90');
    expect(decimalFromUnknown(1e21)).toBeUndefined();
    expect(decimalFromUnknown(null)).toBeUndefined();
  });
});
