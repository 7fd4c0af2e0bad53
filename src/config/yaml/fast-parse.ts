/**
 * A fast reader for the plain subset of YAML that catalog files are written in: block mappings
 * and sequences, single-line plain and quoted scalars, single-line flow collections, comments.
 * The `yaml` library reads ~1-2 MB/s, too slow for a 30 MB catalog; this reads the same files
 * about eight times faster.
 *
 * It never guesses: on anything outside the subset (anchors, tags, block scalars, multi-line
 * values, unusual escapes, tabs, duplicate keys, any syntax error) it returns undefined and the
 * caller falls back to the full library, which also produces the error messages. A test checks
 * that both readers build identical trees on every input the fast one accepts (generated and
 * randomly mutated documents included).
 */
import { LIMITS } from '../limits.js';
import type { ScalarValue, YMap, YNode, YPair, YScalar, YSeq } from './tree.js';

/** Thrown internally to abandon the fast path; never escapes this module. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

interface Line {
  /** Column (0-based) where the content starts. */
  indent: number;
  /** The line without its comment and trailing spaces; content starts at `indent`. */
  text: string;
  /** 1-based line number. */
  no: number;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Forms the core schema resolves that catalogs never need: left to the library. */
const EXOTIC = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Resolves a plain scalar the way the YAML 1.2 core schema does. */
function resolvePlain(raw: string): ScalarValue {
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

/** Splits the text into content lines (comments and blank lines dropped). */
function toLines(text: string): Line[] {
  if (/[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]|\r(?!\n)/.test(text)) decline();
  const lines: Line[] = [];
  let no = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    no += 1;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length || raw[indent] === '#') continue;
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw[0] === '%')) decline();
    lines.push({ indent, text: stripComment(raw, indent), no });
  }
  return lines;
}

/**
 * Removes a trailing comment (` #`) and trailing spaces. Whether a `#` after a quote character
 * is inside a quoted scalar depends on where the scalar starts: such lines go to the library.
 */
const QUOTED_THEN_COMMENT = /^((?:- )*(?:[A-Za-z0-9_.-]+: +)?(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'))(?: +#.*)?$/;

function stripComment(raw: string, from: number): string {
  const hash = raw.indexOf(' #', from);
  if (hash === -1) return raw.trimEnd();
  const before = raw.slice(from, hash);
  if (!before.includes('"') && !before.includes("'")) return raw.slice(0, hash).trimEnd();
  // The common quoted case, `price: "209.90"  # note`: one quoted value ending before the comment.
  const m = QUOTED_THEN_COMMENT.exec(raw.slice(from));
  if (!m) decline();
  return raw.slice(0, from + m![1]!.length);
}

function scalar(value: ScalarValue, no: number, col: number, raw?: string): YScalar {
  if (typeof value === 'string' && value.length > LIMITS.maxScalarChars) decline();
  const s: YScalar = { kind: 'scalar', value, line: no, col: col + 1 };
  if (raw !== undefined) s.raw = raw;
  return s;
}

/** A quoted scalar starting at `at`; returns it and the index after the closing quote. */
function readQuoted(text: string, at: number, no: number): [YScalar, number] {
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

function hasKey(map: YMap, key: string): boolean {
  for (const p of map.pairs) if (p.key === key) return true;
  return false;
}

class FlowReader {
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

/** Where the `:` ending a block mapping key is, or -1 when the line is not `key: ...`. */
function keyEnd(text: string, from: number): number {
  const c = text[from];
  if (c === '"' || c === "'") {
    const [, end] = readQuoted(text, from, 0);
    return text[end] === ':' && (text[end + 1] === ' ' || end + 1 === text.length) ? end : -1;
  }
  for (let i = text.indexOf(':', from); i !== -1; i = text.indexOf(':', i + 1)) {
    if (i + 1 === text.length || text.charCodeAt(i + 1) === 32) return i;
  }
  return -1;
}

/** Characters that cannot start a plain scalar in a block (or start one the fast reader leaves alone). */
function badPlainStart(text: string, at: number): boolean {
  const c = text[at];
  if (c === '-' || c === '?' || c === ':') {
    const next = text.charCodeAt(at + 1);
    return Number.isNaN(next) || next === 32;
  }
  return c === '&' || c === '*' || c === '!' || c === '|' || c === '>' || c === '%' || c === '@' || c === '`' || c === ',' || c === ']' || c === '}';
}

class BlockReader {
  private pos = 0;

  constructor(private readonly lines: Line[]) {}

  get done(): boolean {
    return this.pos >= this.lines.length;
  }

  private peek(): Line | undefined {
    return this.lines[this.pos];
  }

  /** A block node whose first line is the current one, at exactly `indent`. */
  block(indent: number, depth: number): YNode {
    if (depth > LIMITS.maxDepth) decline();
    const line = this.peek()!;
    if (line.indent !== indent) decline();
    if (line.text[indent] === '-' && (line.text[indent + 1] === ' ' || line.text.length === indent + 1)) {
      return this.seq(indent, depth);
    }
    return this.map(indent, depth);
  }

  private seq(indent: number, depth: number): YSeq {
    const first = this.peek()!;
    const seq: YSeq = { kind: 'seq', items: [], line: first.no, col: indent + 1 };
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (line.text[indent] !== '-' || (line.text[indent + 1] !== ' ' && line.text.length !== indent + 1)) break;
      let at = indent + 1;
      while (line.text[at] === ' ') at++;
      if (at >= line.text.length) decline();
      // The rest of the line is a node of its own, indented where its content starts.
      this.lines[this.pos] = { indent: at, text: line.text, no: line.no };
      seq.items.push(this.inlineOrBlock(at, indent, depth + 1));
    }
    return seq;
  }

  /** The node starting mid-line at `at` (after `- `): a nested block, or a one-line value. */
  private inlineOrBlock(at: number, seqIndent: number, depth: number): YNode {
    const line = this.peek()!;
    const c = line.text[at];
    if (c === '-' && (line.text[at + 1] === ' ' || line.text.length === at + 1)) return this.block(at, depth);
    if (keyEnd(line.text, at) !== -1 && c !== '{' && c !== '[') return this.block(at, depth);
    this.pos++;
    const value = this.value(line, at, depth);
    const next = this.peek();
    // A deeper line after a one-line item would continue it: a multi-line scalar.
    if (next && next.indent > seqIndent) decline();
    return value;
  }

  /** A one-line value: flow collection, quoted or plain scalar, ending the line. */
  private value(line: Line, at: number, depth: number): YNode {
    const { text, no } = line;
    const c = text[at]!;
    if (c === '{' || c === '[' || c === '"' || c === "'") {
      const [node, end] = new FlowReader(text, no, depth).node(at);
      if (end !== text.length) decline();
      return node;
    }
    if (badPlainStart(text, at)) decline();
    const raw = text.slice(at);
    if (raw.includes(': ') || raw.endsWith(':')) decline();
    return scalar(resolvePlain(raw), no, at, raw);
  }

  private map(indent: number, depth: number): YMap {
    const first = this.peek()!;
    const map: YMap = { kind: 'map', pairs: [], line: first.no, col: indent + 1 };
    let keys: Set<string> | undefined;
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const { text, no } = line;
      if (text[indent] === '-' && (text[indent + 1] === ' ' || text.length === indent + 1)) break;
      const colon = keyEnd(text, indent);
      if (colon === -1) decline();
      let key: string;
      const k = text[indent];
      if (k === '"' || k === "'") {
        const [q, end] = readQuoted(text, indent, no);
        if (end !== colon) decline();
        key = q.value as string;
      } else {
        key = text.slice(indent, colon).trimEnd();
        if (key === '' || /^[-?:,[\]{}#&*!|>'"%@`]/.test(key)) decline();
      }
      // Small mappings (a product) are checked by scanning; large ones (a feed) through a Set.
      if (keys) {
        if (keys.has(key)) decline();
        keys.add(key);
      } else if (hasKey(map, key)) decline();
      else if (map.pairs.length >= 16) keys = new Set(map.pairs.map((p) => p.key).concat(key));
      const pair: YPair = { key, keyLine: no, keyCol: indent + 1, value: scalar(null, no, indent, '') };
      let at = colon + 1;
      while (text[at] === ' ') at++;
      this.pos++;
      if (at < text.length) {
        pair.value = this.value(line, at, depth + 1);
        const next = this.peek();
        if (next && next.indent > indent) decline();
      } else {
        const next = this.peek();
        const seqHere = next && next.indent === indent && next.text[indent] === '-' && (next.text[indent + 1] === ' ' || next.text.length === indent + 1);
        if (next && (next.indent > indent || seqHere)) pair.value = this.block(next.indent, depth + 1);
      }
      map.pairs.push(pair);
    }
    const after = this.peek();
    if (after && after.indent > indent) decline();
    return map;
  }
}

/** The tree of `text`, or undefined when the text is outside the fast subset (or not valid YAML). */
export function fastParse(text: string): { root: YNode | undefined } | undefined {
  try {
    const lines = toLines(text);
    if (lines.length === 0) return { root: undefined };
    const first = lines[0]!;
    if (first.indent !== 0) decline();
    const reader = new BlockReader(lines);
    const root = reader.block(0, 0);
    if (!reader.done) decline();
    return { root };
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}
