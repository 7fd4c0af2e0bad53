import { describe, expect, it } from 'vitest';
import type { Decimal } from '../../src/model/decimal.js';
import { decimalsEqual } from '../../src/plan/values.js';

const d = (text: string) => text as Decimal;

describe('decimalsEqual', () => {
  it('is exact whether or not the texts match', () => {
    expect(decimalsEqual(d('199.90'), d('199.90'))).toBe(true);
    // Not normalized (a cast, not parseDecimal): still compared by value.
    expect(decimalsEqual(d('199.90'), d('199.900'))).toBe(true);
    expect(decimalsEqual(d('199.90'), d('199.91'))).toBe(false);
    expect(decimalsEqual(d('-1.00'), d('1.00'))).toBe(false);
    expect(decimalsEqual(d('12345678901234567890.01'), d('12345678901234567890.02'))).toBe(false);
  });
});
