/**
 * Reads the product fields of one mapping (a product, a family or a variant) into exact values,
 * recording where each was written. Shapes were already checked by the schema (a field it
 * flagged is skipped); what remains are the rules a schema cannot express (exact decimals,
 * integer stock as written, real URLs).
 */
import { type Decimal, decimalScale, parseDecimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { AttributeValue, Attributes, DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import { LIMITS } from './limits.js';
import type { YMap, YNode, YScalar } from './yaml/tree.js';

/** Fields of a product being assembled; `undefined` means "not written here". */
export type FieldValues = Partial<Omit<DesiredProduct, 'sku' | 'source' | 'fieldSources'>>;

export interface FieldReader {
  file: string;
  diagnostics: Diagnostic[];
}

export function posOf(file: string, node: { line: number; col: number }): SourcePos {
  return { file, line: node.line, column: node.col };
}

function fail(r: FieldReader, code: string, summary: string, detail: string, node: YNode, sku?: string): undefined {
  const d: Diagnostic = { severity: 'error', code, summary, detail, source: posOf(r.file, node) };
  if (sku) d.sku = sku;
  r.diagnostics.push(d);
  return undefined;
}

const NORMAL_PRICE = /^(?:0|[1-9][0-9]*)\.[0-9][0-9]$/;
/** The longest price in normal form that has no more integer digits than allowed. */
const NORMAL_PRICE_MAX_CHARS = LIMITS.maxPriceIntegerDigits + 3;

/** A value as shown in a message: long ones cut (a price may be a pasted 60,000-digit number). */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A price as written: `199.9`, `199.90` and `"199.90"` are equal; never via a float. */
export function readPrice(r: FieldReader, field: string, node: YNode, sku?: string): Decimal | undefined {
  if (node.kind !== 'scalar') return undefined;
  const text = typeof node.value === 'string' ? node.value : node.raw ?? String(node.value);
  // Most prices are already written in normal form ("199.90"): no need to take them apart.
  if (NORMAL_PRICE.test(text) && text !== '0.00' && text.length <= NORMAL_PRICE_MAX_CHARS) return text as Decimal;
  const d = parseDecimal(text);
  if (d === undefined) {
    return fail(r, 'invalid-price', `\`${field}\` must be a decimal amount such as "199.90", not ${shown(text)}`, 'Write digits with an optional decimal point.', node, sku);
  }
  if (decimalScale(d) > 2) {
    return fail(r, 'price-precision', `\`${field}\` ${shown(text)} has more than 2 decimal places`, 'Round it to cents: prices are exact to 2 decimal places.', node, sku);
  }
  const integerDigits = d.replace(/^-/, '').indexOf('.');
  if (integerDigits > LIMITS.maxPriceIntegerDigits) {
    return fail(
      r,
      'price-too-large',
      `\`${field}\` ${shown(text)} has ${integerDigits} digits before the decimal point; shelf accepts at most ${LIMITS.maxPriceIntegerDigits}`,
      `Check the value (a misplaced decimal point, or a barcode pasted into the price?): prices go up to ${'9'.repeat(LIMITS.maxPriceIntegerDigits)}.99.`,
      node,
      sku,
    );
  }
  if (d.startsWith('-') || /^0+\.0+$/.test(d)) {
    return fail(r, 'price-not-positive', `\`${field}\` must be more than 0, not ${text}`, 'Seller Center rejects prices of zero or less.', node, sku);
  }
  return d;
}

/** A stock as written: digits only, so `10.0`, `1e3` or `0x0A` are refused rather than guessed. */
export function readStock(r: FieldReader, node: YNode, sku?: string): number | undefined {
  if (node.kind !== 'scalar') return undefined;
  const text = typeof node.value === 'string' ? node.value : node.raw ?? String(node.value);
  if (!/^[0-9]+$/.test(text)) {
    return fail(r, 'invalid-stock', `\`stock\` must be a non-negative whole number, not ${shown(text)}`, 'Write the quantity as digits, e.g. 10.', node, sku);
  }
  const n = Number(text);
  if (n > LIMITS.maxStock) {
    return fail(r, 'invalid-stock', `\`stock\` ${shown(text)} is too large`, `Stock is at most ${LIMITS.maxStock}.`, node, sku);
  }
  return n;
}

function scalarValue(node: YNode): YScalar['value'] | undefined {
  return node.kind === 'scalar' ? node.value : undefined;
}

function readUrls(r: FieldReader, field: string, node: YNode, sku?: string): string[] | undefined {
  if (node.kind !== 'seq') return node.kind === 'scalar' && node.value === null ? [] : undefined;
  const urls: string[] = [];
  for (const item of node.items) {
    const v = scalarValue(item);
    if (typeof v !== 'string') return undefined;
    if (!URL.canParse(v)) {
      return fail(r, 'invalid-url', `\`${field}\` holds ${JSON.stringify(v)}, which is not a valid URL`, 'Use a full http(s) URL.', item, sku);
    }
    urls.push(v);
  }
  return urls;
}

/** `attributes.KEY` source names, built once per attribute name rather than once per product. */
const attributeSourceNames = new Map<string, string>();

function attributeSourceName(key: string): string {
  let name = attributeSourceNames.get(key);
  if (name === undefined) {
    name = `attributes.${key}`;
    // Catalogs use a few dozen attribute names; a file with endless distinct ones is not cached.
    if (attributeSourceNames.size < 10_000) attributeSourceNames.set(key, name);
  }
  return name;
}

function normalizeText(v: string): string {
  return v.normalize('NFC');
}

/**
 * Reads every known field of `map` into `values`, and each field's position into `sources`
 * (`attributes.KEY` per attribute). Unknown keys and `sku`/`variants` are left to the caller.
 * Keys in `skip` (already reported by the schema) are neither read nor checked again.
 */
export function readFields(
  r: FieldReader,
  map: YMap,
  values: FieldValues,
  sources: Record<string, SourcePos>,
  sku?: string,
  skip?: ReadonlySet<string>,
): void {
  for (const pair of map.pairs) {
    if (skip?.has(pair.key)) continue;
    const node = pair.value;
    const v = scalarValue(node);
    let set = true;
    switch (pair.key) {
      case 'name':
        if (typeof v === 'string') values.name = normalizeText(v);
        break;
      case 'base_code':
        if (typeof v === 'string') values.base_code = v;
        break;
      case 'category':
        if (typeof v === 'string') values.category = v.toLowerCase();
        break;
      case 'product':
        if (v === null || typeof v === 'string') values.product = v === null ? null : v.toLowerCase();
        break;
      case 'restrict_for_others':
        if (typeof v === 'boolean') values.restrict_for_others = v;
        break;
      case 'images':
      case 'videos': {
        const urls = readUrls(r, pair.key, node, sku);
        if (urls) values[pair.key] = urls;
        break;
      }
      case 'price':
      case 'retail_price': {
        const d = readPrice(r, pair.key, node, sku);
        if (d !== undefined) values[pair.key] = d;
        break;
      }
      case 'stock': {
        const n = readStock(r, node, sku);
        if (n !== undefined) values.stock = n;
        break;
      }
      case 'attributes': {
        const attrs: Attributes = values.attributes ?? Object.create(null);
        if (node.kind === 'map') {
          for (const a of node.pairs) {
            const av = scalarValue(a.value);
            if (typeof av === 'string' || typeof av === 'number' || typeof av === 'boolean') {
              attrs[a.key] = (typeof av === 'string' ? normalizeText(av) : av) as AttributeValue;
              sources[attributeSourceName(a.key)] = { file: r.file, line: a.keyLine, column: a.keyCol };
            }
          }
        }
        values.attributes = attrs;
        break;
      }
      default:
        set = false;
    }
    if (set) sources[pair.key] = { file: r.file, line: pair.keyLine, column: pair.keyCol };
  }
}
