/**
 * The characters and lengths shelf accepts in SKUs, base codes, names and attribute values,
 * and the words for what is wrong with a value that breaks them. The patterns in
 * schemas/catalog.schema.json refuse the same values (so editors flag them too); when one
 * fails, this says which character, where, and what to do.
 */
import { LIMITS } from './limits.js';

export type TextKind = 'sku' | 'base_code' | 'name' | 'attribute';

export interface TextProblem {
  code: string;
  summary: string;
  detail: string;
}

const CONTROL = /\p{Cc}/u;
/** Control characters an attribute value may hold: tab and line break (a multi-line description). */
const ATTRIBUTE_CONTROL = /[^\P{Cc}\t\n]/u;
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;
/** Space characters other than the ordinary space (no-break, ideographic, thin...). */
const ODD_SPACE = /[^\P{Zs} ]/u;

const CHAR_NAMES: Record<number, string> = {
  0x00: 'null',
  0x07: 'bell',
  0x08: 'backspace',
  0x09: 'tab',
  0x0a: 'line break',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
  0xa0: 'no-break space',
  0xad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202f: 'narrow no-break space',
  0x2060: 'word joiner',
  0x3000: 'ideographic space',
  0xfeff: 'zero-width no-break space',
};

/** `U+001B (escape)`. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHAR_NAMES[cp];
  return name ? `${hex} (${name})` : hex;
}

/** The first character of `value` matching `re`, and its 1-based position in characters. */
function find(value: string, re: RegExp): { ch: string; at: number } | undefined {
  let at = 0;
  for (const ch of value) {
    at += 1;
    if (re.test(ch)) return { ch, at };
  }
  return undefined;
}

/** Length in characters (code points), as JSON Schema's maxLength counts it. */
function lengthOf(value: string, max: number): number {
  // Most values are short: only count code points when UTF-16 units could exceed the limit.
  return value.length <= max ? value.length : [...value].length;
}

const WHAT: Record<TextKind, string> = { sku: 'a SKU', base_code: 'a base code', name: 'a name', attribute: 'an attribute value' };

/**
 * What is wrong with `value` as a `kind`, or undefined when it is fine. `label` names it in
 * the message (`` `name` ``, `` Attribute `COLOR` ``, `The SKU`).
 */
export function textProblem(kind: TextKind, label: string, value: string): TextProblem | undefined {
  if (value === '') return { code: 'empty-value', summary: `${label} must not be empty`, detail: 'Write a value, or remove the key.' };
  const max = kind === 'name' ? LIMITS.maxNameChars : kind === 'attribute' ? LIMITS.maxScalarChars : LIMITS.maxSkuChars;
  const length = lengthOf(value, max);
  if (length > max) {
    return {
      code: 'too-long',
      summary: `${label} is ${length} characters long; shelf accepts at most ${max} in ${WHAT[kind]}`,
      detail:
        kind === 'name'
          ? `Shorten the name to at most ${max} characters; longer text belongs in an attribute such as a description.`
          : `Shorten it to at most ${max} characters (a SKU or base code is an identifier, not a description).`,
    };
  }
  const control = find(value, kind === 'attribute' ? ATTRIBUTE_CONTROL : CONTROL);
  if (control) {
    return {
      code: 'control-character',
      summary: `${label} holds the control character ${describeChar(control.ch)} at character ${control.at}`,
      detail: `Remove it: ${WHAT[kind]} cannot hold control characters${kind === 'attribute' ? ' other than tabs and line breaks' : ''}. In double quotes, escapes such as \\0, \\e or \\x1b write one.`,
    };
  }
  if (kind === 'sku' || kind === 'base_code' || kind === 'name') {
    // Invisible formatting characters (zero-width, bidirectional) are kept in names when they join emoji or scripts.
    const invisible = find(value, kind === 'name' ? /[\p{Zl}\p{Zp}]/u : INVISIBLE);
    if (invisible) {
      return {
        code: 'invisible-character',
        summary: `${label} holds the invisible character ${describeChar(invisible.ch)} at character ${invisible.at}`,
        detail: `Remove it: ${WHAT[kind]} that differs only by an invisible character looks the same as another everywhere.`,
      };
    }
  }
  if (kind === 'sku') {
    const space = find(value, ODD_SPACE);
    if (space) {
      return {
        code: 'invalid-sku',
        summary: `${label} holds ${describeChar(space.ch)} at character ${space.at}, not an ordinary space`,
        detail: 'Replace it with an ordinary space or remove it (spreadsheets often paste one).',
      };
    }
    if (/^\s|\s$/.test(value)) {
      return { code: 'invalid-sku', summary: `${label} must be a SKU without leading or trailing spaces, not ${JSON.stringify(value)}`, detail: 'Remove the spaces around the SKU.' };
    }
  }
  return undefined;
}
