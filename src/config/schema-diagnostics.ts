/**
 * Turns ajv errors into diagnostics that point at the YAML: the instancePath is followed down
 * the position tree, and each keyword gets a message that says what to do.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../model/diagnostic.js';
import { closest } from './did-you-mean.js';
import { type TextProblem, textProblem } from './text-rules.js';
import { locate, type YNode } from './yaml/tree.js';

export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /** JSON pointers of every value with a problem (to skip them when building records). */
  badPointers: string[];
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

const PATTERN_CODES: Record<string, { code: string; what: string }> = {
  uuid: { code: 'invalid-uuid', what: 'a uuid such as 07be580a-ad72-4778-b309-1d02d6c2acec' },
  url: { code: 'invalid-url', what: 'an http(s) URL' },
  sku: { code: 'invalid-sku', what: 'a SKU without leading or trailing spaces' },
  price: { code: 'invalid-price', what: 'a decimal amount such as "199.90"' },
  stock: { code: 'invalid-stock', what: 'a non-negative whole number' },
  rate: { code: 'invalid-rate-limit', what: 'a rate such as 10/min, 5/s or 10/600ms' },
};

/** What to do, for problems whose message alone does not say it. */
const DEFAULT_DETAILS: Record<string, string> = {
  'invalid-uuid': 'Use the id as Seller Center gives it (`shelf import` writes them), e.g. 07be580a-ad72-4778-b309-1d02d6c2acec.',
  'invalid-url': 'Write the full address, starting with https://.',
  'invalid-sku': 'Remove the spaces around the SKU.',
  'invalid-price': 'Write the amount with a dot for decimals, e.g. "199.90".',
  'invalid-stock': 'Write the quantity as digits, e.g. 10.',
  'invalid-rate-limit': 'Write N/min, N/s or N/<ms>ms, e.g. 10/min.',
  'invalid-max-destroy': 'Write a number of products (e.g. 25) or a percentage (e.g. "10%").',
  'invalid-language': 'Use a language tag such as en-us.',
  'empty-value': 'Write a value, or remove the key.',
  'empty-family': 'List at least one variant, or remove the family.',
  'empty-list': 'List at least one entry, or remove the key.',
  'empty-price-entry': 'Add `price:` or `retail_price:`, or remove the entry.',
  'out-of-range': 'Use 0 or more.',
};

export function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return String(value);
}

function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function fieldName(pointer: string): string {
  const segs = pointer.split('/').filter((s) => s !== '');
  for (let i = segs.length - 1; i >= 0; i--) {
    if (!/^\d+$/.test(segs[i]!)) return segs[i]!.replace(/~1/g, '/').replace(/~0/g, '~');
  }
  return 'document';
}

/** What to write instead of an attribute value that is a list, a mapping or empty. */
function attributeValueHint(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    const first = value.find((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
    const example = first === undefined ? 'Red' : String(first);
    return `Seller Center keeps one value per attribute: write one, e.g. \`${key}: ${example}\`. For the same product in several values, make a family with one variant per value.`;
  }
  if (value === null) return `Write a value after \`${key}:\`, or remove the attribute.`;
  return `Write the value itself, e.g. \`${key}: Red\`: attribute values are not nested.`;
}

/**
 * A SKU, base code, name or attribute value that breaks the text rules (length, control or
 * invisible characters): the schema says only "pattern" or "maxLength"; this says which
 * character, where, and what to do.
 */
function textRuleProblem(e: ErrorObject, field: string): TextProblem | undefined {
  if (typeof e.data !== 'string') return undefined;
  const def = defName(e.schemaPath);
  if (def === 'sku') return textProblem('sku', '`sku`', e.data);
  if (def === 'code') return textProblem('base_code', `\`${field}\``, e.data);
  if (def === 'name') return textProblem('name', `\`${field}\``, e.data);
  if (def === 'attributes' && e.schemaPath.includes('/additionalProperties/')) return textProblem('attribute', `Attribute \`${field}\``, e.data);
  return undefined;
}

function defName(schemaPath: string): string | undefined {
  return /#\/definitions\/(\w+)\//.exec(schemaPath)?.[1];
}

export function mapSchemaErrors(
  errors: readonly ErrorObject[],
  tree: YNode,
  file: string,
  skuAt: (pointer: string) => string | undefined,
): SchemaCheck {
  const diagnostics: Diagnostic[] = [];
  const badPointers: string[] = [];
  const seen = new Set<string>();
  // A mistyped key shows up twice: as unknown, and as the required key it was meant to be.
  // Only the first is worth saying ("did you mean" names the second).
  const misspelled = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const guess = closest(key, Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}));
    if (guess) misspelled.add(`${e.instancePath}\u0000${guess}`);
  }
  for (const e of errors) {
    if (e.keyword === 'required' && misspelled.has(`${e.instancePath}\u0000${(e.params as { missingProperty: string }).missingProperty}`)) {
      badPointers.push(e.instancePath);
      continue;
    }
    // Branch errors of anyOf and the inner errors of propertyNames are summarised by their parent error.
    // (ajv marks the inner errors of propertyNames with the name, also those of a $ref'd definition.)
    if (/\/anyOf\/\d+\//.test(e.schemaPath) || /\/propertyNames\//.test(e.schemaPath) || 'propertyName' in e) continue;
    let pointer = e.instancePath;
    let atKey = false;
    let code = 'schema';
    let summary = e.message ?? 'is not valid';
    let detail: string | undefined;
    const field = fieldName(pointer);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        pointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        atKey = true;
        code = 'unknown-key';
        summary = `Unknown key "${key}"`;
        const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        const guess = closest(key, allowed);
        detail = guess ? `Did you mean \`${guess}\`?` : `Allowed keys here: ${allowed.join(', ')}.`;
        if (key === 'base_code' && /\/variants\/\d+$/.test(e.instancePath)) {
          detail = "A variant takes its family's base_code: move this SKU to a family (or a product) of its own.";
        }
        if (key === 'token' || key === 'api_key') {
          detail = 'The token is never kept in a file: set SHELF_TOKEN or SHELF_TOKEN_FILE instead.';
        }
        break;
      }
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        code = 'missing-field';
        summary = `Missing required key "${missing}"`;
        detail = `Add \`${missing}:\` to this entry.`;
        break;
      }
      case 'type': {
        const want = ([] as string[]).concat((e.params as { type: string | string[] }).type);
        const def = defName(e.schemaPath);
        if (def === 'stock' || def === 'price') {
          code = `invalid-${def}`;
          summary = `\`${def === 'stock' ? 'stock' : field}\` must be ${PATTERN_CODES[def]!.what}, not ${describeValue(e.data)}`;
          break;
        }
        code = 'wrong-type';
        if (def === 'attributes' && e.schemaPath.includes('/additionalProperties/')) {
          summary = `Attribute \`${field}\` must hold one value (text, a number, or true or false), not ${describeValue(e.data)}`;
          detail = attributeValueHint(field, e.data);
          break;
        }
        summary = `\`${field}\` must be ${orList(want.map((t) => TYPE_WORDS[t] ?? t))}, not ${describeValue(e.data)}`;
        detail = want.length === 1 && want[0] === 'boolean' ? 'Write true or false, without quotes.' : `Write ${orList(want.map((t) => TYPE_WORDS[t] ?? t))} here.`;
        if (pointer === '/files') detail = 'Write a list of globs inside the repository, e.g. files: ["catalog/**/*.yaml"].';
        if (want.length === 1 && want[0] === 'string' && typeof e.data === 'number') {
          // The text as written (`00123`), not the number it was read as (123): the zeros are the point.
          const { node } = locate(tree, pointer);
          const written = node?.kind === 'scalar' && node.raw !== undefined ? node.raw : String(e.data);
          detail = `Quote the value so it stays text exactly as written, e.g. "${written}".`;
        }
        break;
      }
      case 'maxLength':
      case 'pattern':
      case 'anyOf': {
        const text = e.keyword === 'anyOf' ? undefined : textRuleProblem(e, field);
        if (text) {
          ({ code, summary, detail } = text);
          break;
        }
        const def = e.keyword === 'anyOf' ? 'uuid' : defName(e.schemaPath);
        const known = def ? PATTERN_CODES[def] : undefined;
        if (pointer === '/seller_center/url') {
          code = 'invalid-url';
          summary = `\`url\` must be an https:// address (or http:// to this machine: 127.0.0.1, ::1 or localhost), not ${describeValue(e.data)}`;
          detail = 'Write the base address of the API, e.g. https://seller-center.example.com/api; plain http:// is only for a local `shelf sandbox`.';
        } else if (field === 'max_destroy') {
          code = 'invalid-max-destroy';
          summary = `\`max_destroy\` must be a count or a percentage such as "10%", not ${describeValue(e.data)}`;
        } else if (field === 'language') {
          code = 'invalid-language';
          summary = `\`language\` must be a language tag such as en-us, not ${describeValue(e.data)}`;
        } else if (known) {
          code = known.code;
          summary = `\`${def === 'stock' ? 'stock' : field}\` must be ${known.what}, not ${describeValue(e.data)}`;
        }
        break;
      }
      case 'propertyNames': {
        const name = String((e.params as { propertyName: string }).propertyName);
        pointer = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        atKey = true;
        // A price or stock feed is keyed by SKU: the same rules as `sku:`.
        const feedKey = field === 'prices' || field === 'stocks' ? textProblem('sku', 'The SKU', name) : undefined;
        if (feedKey) {
          ({ code, summary, detail } = feedKey);
          break;
        }
        code = 'invalid-attribute-key';
        summary = `Attribute key "${name}" is not valid`;
        detail = 'Attribute keys are letters, digits, "_", "-" and ".", starting with a letter or digit (e.g. COLOR).';
        break;
      }
      case 'minimum': {
        const isStock = defName(e.schemaPath) === 'stock';
        code = field === 'max_destroy' ? 'invalid-max-destroy' : isStock ? 'invalid-stock' : 'out-of-range';
        summary = `\`${isStock ? 'stock' : field}\` must be 0 or more, not ${describeValue(e.data)}`;
        break;
      }
      case 'minItems':
        code = field === 'variants' ? 'empty-family' : 'empty-list';
        summary = `\`${field}\` must not be empty`;
        break;
      case 'minLength':
        code = 'empty-value';
        summary = `\`${field}\` must not be empty`;
        break;
      case 'minProperties':
        code = 'empty-price-entry';
        summary = 'A price feed entry needs `price`, `retail_price` or both';
        break;
    }
    const id = `${pointer}\u0000${code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    badPointers.push(pointer);
    const loc = locate(tree, pointer, atKey);
    const d: Diagnostic = { severity: 'error', code, summary, source: { file, line: loc.line, column: loc.col } };
    detail ??= DEFAULT_DETAILS[code];
    if (detail) d.detail = detail;
    const sku = skuAt(pointer);
    if (sku) d.sku = sku;
    diagnostics.push(d);
  }
  return { diagnostics, badPointers };
}
