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

export function hasKey(map: YMap, key: string): boolean {
  for (const p of map.pairs) if (p.key === key) return true;
  return false;
}

/** `,` `]` `}`: the characters that end a plain scalar inside a flow collection. */
function isFlowEnd(c: number): boolean {
  return c === 44 || c === 93 || c === 125;
}

/** Reads one flow node; `end` is left just after the last node read. */
export class FlowReader {
  /** Index just after the node last read. */
  end = 0;

  constructor(
    private readonly text: string,
    private readonly no: number,
    private depth: number,
  ) {}

  private skipSpaces(i: number): number {
    while (this.text.charCodeAt(i) === 32) i++;
    return i;
  }

  /** The flow node starting at `i` (not a space); sets `end`. */
  node(i: number): YNode {
    const c = this.text[i];
    if (c === '{') return this.map(i);
    if (c === '[') return this.seq(i);
    if (c === '"' || c === "'") {
      const [q, end] = readQuoted(this.text, i, this.no);
      this.end = end;
      return q;
    }
    return this.plain(i);
  }

  private plain(i: number): YScalar {
    const { text } = this;
    let j = i;
    for (let c = text.charCodeAt(j); j < text.length && !isFlowEnd(c); c = text.charCodeAt(++j)) {
      if (c === 58) {
        // `:` then space or an end character closes a key.
        const next = text.charCodeAt(j + 1);
        if (next === 32 || Number.isNaN(next) || isFlowEnd(next)) break;
      }
      // Flow indicators inside a plain scalar: invalid in flow context, left to the library.
      if (c === 91 || c === 123) decline();
    }
    const raw = text.slice(i, j).trimEnd();
    if (raw === '' || /^[-?:](?: |$)|^[&*!|>%@`#]/.test(raw)) decline();
    this.end = j;
    return scalar(resolvePlain(raw), this.no, i, raw);
  }

  private map(open: number): YMap {
    if (++this.depth > LIMITS.maxDepth) decline();
    const map: YMap = { kind: 'map', pairs: [], line: this.no, col: open + 1 };
    let i = this.skipSpaces(open + 1);
    if (this.text[i] !== '}') {
      for (;;) {
        const keyAt = i;
        const key = this.node(i);
        if (key.kind !== 'scalar' || key.value === null) decline();
        const keyText = (key as YScalar).raw ?? String((key as YScalar).value);
        // Duplicates are found by scanning: long one-line mappings are left to the library.
        if (map.pairs.length >= 64 || hasKey(map, keyText)) decline();
        i = this.skipSpaces(this.end);
        if (this.text[i] !== ':' || this.text[i + 1] !== ' ') decline();
        const value = this.node(this.skipSpaces(i + 1));
        map.pairs.push({ key: keyText, keyLine: this.no, keyCol: keyAt + 1, value });
        i = this.skipSpaces(this.end);
        if (this.text[i] === '}') break;
        if (this.text[i] !== ',') decline();
        i = this.skipSpaces(i + 1);
        if (this.text[i] === '}') decline();
      }
    }
    this.depth--;
    this.end = i + 1;
    return map;
  }

  private seq(open: number): YSeq {
    if (++this.depth > LIMITS.maxDepth) decline();
    const seq: YSeq = { kind: 'seq', items: [], line: this.no, col: open + 1 };
    let i = this.skipSpaces(open + 1);
    if (this.text[i] !== ']') {
      for (;;) {
        seq.items.push(this.node(i));
        i = this.skipSpaces(this.end);
        // `[a: b]` is a one-pair mapping inside a list: rare enough to leave to the library.
        if (this.text[i] === ':') decline();
        if (this.text[i] === ']') break;
        if (this.text[i] !== ',') decline();
        i = this.skipSpaces(i + 1);
        if (this.text[i] === ']') decline();
      }
    }
    this.depth--;
    this.end = i + 1;
    return seq;
  }
}
