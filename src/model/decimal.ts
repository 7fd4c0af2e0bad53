/**
 * Exact decimal prices. A Decimal is a normalized string: optional '-', integer digits without
 * leading zeros, and at least two fractional digits (trailing zeros beyond two removed), so
 * `199.9`, `"199.90"` and `199.900` all become `"199.90"` and equality is string equality.
 * No binary floating point is ever involved.
 */
export type Decimal = string & { readonly __decimal: unique symbol };

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/** Parses decimal text; returns undefined for anything that is not a plain decimal number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2]!.replace(/^0+(?=\d)/, '');
  let frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  const isZero = /^0+$/.test(intPart) && /^0+$/.test(frac);
  return `${isZero ? '' : sign}${intPart}.${frac}` as Decimal;
}

/** Number of significant fractional digits ("199.905" → 3, "199.90" → 1 is not possible: returns 2 at least for padded). */
export function decimalScale(d: Decimal): number {
  const frac = d.split('.')[1] ?? '';
  return frac.replace(/0+$/, '').length;
}

function toScaledBigInt(d: Decimal, scale: number): bigint {
  const negative = d.startsWith('-');
  const [i, f = ''] = (negative ? d.slice(1) : d).split('.');
  const value = BigInt(`${i}${f.padEnd(scale, '0')}`);
  return negative ? -value : value;
}

/** -1, 0 or 1, exactly. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.length, b.length);
  const x = toScaledBigInt(a, scale);
  const y = toScaledBigInt(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Reads a decimal from an API or YAML value: a string, or a JSON number (converted through
 * its shortest round-trip text, which is what the sender wrote for any price-like value).
 */
export function decimalFromUnknown(value: unknown): Decimal | undefined {
  if (typeof value === 'string') return parseDecimal(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return /e/i.test(text) ? undefined : parseDecimal(text);
  }
  return undefined;
}
