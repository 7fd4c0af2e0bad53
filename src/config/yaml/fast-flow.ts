/**
 * Scalars and one-line flow collections for the fast YAML reader (see fast-parse.ts): the pieces
 * that read within a single line. Anything unusual throws Decline, which sends the whole file to
 * the full library.
 */
import { LIMITS } from '../limits.js';
import type { ScalarValue, YMap, YNode, YScalar, YSeq } from './tree.js';

/** Thrown to abandon the fast path; fastParse catches it and returns undefined. */
export class Decline extends Error {}
export const decline = (): never => {
  throw new Decline();
};

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Forms the core schema resolves that catalogs never need: left to the library. */
const EXOTIC = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Resolves a plain scalar the way the YAML 1.2 core schema does. */
export function resolvePlain(raw: string): ScalarValue {
  const c = raw.charCodeAt(0);
  // Most values (names, SKUs, codes) start with a letter no special form starts with.
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
  const word = c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70; // ~ n N t T f F
  if (!numeric && !word && raw.length > 0) return raw;
  if (NULL.test(raw)) return null;
  if (BOOL.test(raw)) return c === 116 || c === 84;
  if (INT.test(raw)) return Number(raw);
  if (FLOAT.test(raw) || FLOAT_EXP.test(raw)) return Number.parseFloat(raw);
  if (EXOTIC.test(raw)) decline();
  return raw;
}

export function scalar(value: ScalarValue, no: number, col: number, raw?: string): YScalar {
  if (typeof value === 'string' && value.length > LIMITS.maxScalarChars) decline();
  const s: YScalar = { kind: 'scalar', value, line: no, col: col + 1 };
  if (raw !== undefined) s.raw = raw;
  return s;
}

/** A quoted scalar starting at `at`; returns it and the index after the closing quote. */
export function readQuoted(text: string, at: number, no: number): [YScalar, number] {
  const q = text[at];
  let out = '';
  let i = at + 1;
  for (;;) {
    if (i >= text.length) decline();
    const c = text[i]!;
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return [scalar(out, no, at), i + 1];
    }
    if (c === '\\' && q === '"') {
      const e = text[i + 1];
      if (e === '"' || e === '\\' || e === '/') out += e;
      else if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 4;
      } else decline();
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
}

const FLOW_END = /[,\]}]/;

export function hasKey(map: YMap, key: string): boolean {
  for (const p of map.pairs) if (p.key === key) return true;
  return false;
}

export class FlowReader {
  constructor(
    private readonly text: string,
    private readonly no: number,
    private depth: number,
  ) {}

  private skipSpaces(i: number): number {
    while (this.text[i] === ' ') i++;
    return i;
  }

  /** A flow node at `i` (after spaces); returns it and the index after it. */
  node(i: number): [YNode, number] {
    const c = this.text[i];
    if (c === '{') return this.map(i);
    if (c === '[') return this.seq(i);
    if (c === '"' || c === "'") return readQuoted(this.text, i, this.no);
    return this.plain(i);
  }

  private plain(i: number): [YScalar, number] {
    let j = i;
    while (j < this.text.length && !FLOW_END.test(this.text[j]!)) {
      const c = this.text[j];
      if (c === ':' && (this.text[j + 1] === ' ' || FLOW_END.test(this.text[j + 1] ?? ','))) break;
      // Flow indicators inside a plain scalar: invalid in flow context, left to the library.
      if (c === '[' || c === '{') decline();
      j++;
    }
    const raw = this.text.slice(i, j).trimEnd();
    if (raw === '' || /^[-?:](?: |$)|^[&*!|>%@`#]/.test(raw)) decline();
    return [scalar(resolvePlain(raw), this.no, i, raw), j];
  }

  private map(open: number): [YMap, number] {
    if (++this.depth > LIMITS.maxDepth) decline();
    const map: YMap = { kind: 'map', pairs: [], line: this.no, col: open + 1 };
    let i = this.skipSpaces(open + 1);
    if (this.text[i] === '}') return [map, i + 1];
    for (;;) {
      const keyAt = i;
      const [key, afterKey] = this.node(i);
      if (key.kind !== 'scalar' || key.value === null) decline();
      const keyText = (key as YScalar).raw ?? String((key as YScalar).value);
      // Duplicates are found by scanning: long one-line mappings are left to the library.
      if (map.pairs.length >= 64 || hasKey(map, keyText)) decline();
      i = this.skipSpaces(afterKey);
      if (this.text[i] !== ':' || this.text[i + 1] !== ' ') decline();
      const [value, afterValue] = this.node(this.skipSpaces(i + 1));
      map.pairs.push({ key: keyText, keyLine: this.no, keyCol: keyAt + 1, value });
      i = this.skipSpaces(afterValue);
      if (this.text[i] === '}') {
        this.depth--;
        return [map, i + 1];
      }
      if (this.text[i] !== ',') decline();
      i = this.skipSpaces(i + 1);
      if (this.text[i] === '}') decline();
    }
  }

  private seq(open: number): [YSeq, number] {
    if (++this.depth > LIMITS.maxDepth) decline();
    const seq: YSeq = { kind: 'seq', items: [], line: this.no, col: open + 1 };
    let i = this.skipSpaces(open + 1);
    if (this.text[i] === ']') return [seq, i + 1];
    for (;;) {
      const [item, after] = this.node(i);
      seq.items.push(item);
      i = this.skipSpaces(after);
      // `[a: b]` is a one-pair mapping inside a list: rare enough to leave to the library.
      if (this.text[i] === ':') decline();
      if (this.text[i] === ']') {
        this.depth--;
        return [seq, i + 1];
      }
      if (this.text[i] !== ',') decline();
      i = this.skipSpaces(i + 1);
      if (this.text[i] === ']') decline();
    }
  }
}
