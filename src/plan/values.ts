/**
 * Equality as Seller Center stores values, so a plan never shows a change that applying
 * would not make: prices are exact decimals, stock is an integer however it was sent, and an
 * attribute compares by the text the API keeps (`1` and `"1"` are the same attribute value;
 * numeric text compares numerically, so `"1.50"` equals `1.5`).
 */
import { compareDecimal, type Decimal, parseDecimal } from '../model/decimal.js';
import type { AttributeValue } from '../model/product.js';
import { UNKNOWN, type Unknown } from './types.js';

export function isUnknown(value: unknown): value is Unknown {
  return (
    value === UNKNOWN ||
    (typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true)
  );
}

/**
 * Exact equality of two decimals (both already parsed). Normalized decimals are equal exactly
 * when their text is, which settles almost every comparison of a plan without the (far slower)
 * exact arithmetic; any other pair is still compared by value.
 */
export function decimalsEqual(a: Decimal, b: Decimal): boolean {
  return a === b || compareDecimal(a, b) === 0;
}

/** The text form the API keeps for an attribute value. */
export function attributeText(value: AttributeValue): string {
  return typeof value === 'string' ? value : String(value);
}

export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const ta = attributeText(a);
  const tb = attributeText(b);
  if (ta === tb) return true;
  // Numeric attributes (e.g. ESTIMATED_SHIPPING_DURATION) are stored as numbers: compare the numbers.
  const da = parseDecimal(ta);
  const db = parseDecimal(tb);
  return da !== undefined && db !== undefined && compareDecimal(da, db) === 0;
}

/** Ordered list equality: image order is what buyers see, so a reorder is a change. */
export function listsEqual(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
