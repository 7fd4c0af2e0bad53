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
import { Decline, decline, FlowReader, hasKey, readQuoted, resolvePlain, scalar } from './fast-flow.js';
import type { YMap, YNode, YSeq } from './tree.js';

/**
 * The content lines of a file, as parallel arrays (one object per line would be a million
 * short-lived objects for a large catalog). Comments and blank lines are dropped.
 */
interface Lines {
  /** The line without its comment and trailing spaces. */
  texts: string[];
  /** Column (0-based) where the content starts. */
  indents: number[];
  /** 1-based line numbers. */
  nos: number[];
}

const CONTROL = /[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/;

function toLines(text: string, firstLine: number): Lines {
  if (CONTROL.test(text) || (text.includes('\r') && /\r(?!\n)/.test(text))) decline();
  const lines: Lines = { texts: [], indents: [], nos: [] };
  let no = firstLine - 1;
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
    if (indent === raw.length || raw.charCodeAt(indent) === 35) continue; // #
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw[0] === '%')) decline();
    lines.texts.push(stripComment(raw, indent));
    lines.indents.push(indent);
    lines.nos.push(no);
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

/** True when `text` has a block sequence indicator (`- ` or a lone `-`) at `at`. */
function dashAt(text: string, at: number): boolean {
  return text.charCodeAt(at) === 45 && (text.length === at + 1 || text.charCodeAt(at + 1) === 32);
}

/** Characters a plain block mapping key cannot start with (or that the fast reader leaves alone). */
function badKeyStart(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return '-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCharCode(c));
}

class BlockReader {
  private pos = 0;
  private readonly texts: string[];
  private readonly indents: number[];
  private readonly nos: number[];

  constructor(lines: Lines) {
    this.texts = lines.texts;
    this.indents = lines.indents;
    this.nos = lines.nos;
  }

  get done(): boolean {
    return this.pos >= this.texts.length;
  }

  /** Indent of the current line, or -1 at the end (less than any real indent). */
  private indentHere(): number {
    return this.pos < this.texts.length ? this.indents[this.pos]! : -1;
  }

  /** A block node whose first line is the current one, at exactly `indent`. */
  block(indent: number, depth: number): YNode {
    if (depth > LIMITS.maxDepth) decline();
    if (this.indentHere() !== indent) decline();
    return dashAt(this.texts[this.pos]!, indent) ? this.seq(indent, depth) : this.map(indent, depth);
  }

  private seq(indent: number, depth: number): YSeq {
    const seq: YSeq = { kind: 'seq', items: [], line: this.nos[this.pos]!, col: indent + 1 };
    while (this.indentHere() === indent) {
      const text = this.texts[this.pos]!;
      if (!dashAt(text, indent)) break;
      let at = indent + 1;
      while (text.charCodeAt(at) === 32) at++;
      if (at >= text.length) decline();
      // The rest of the line is a node of its own, indented where its content starts.
      this.indents[this.pos] = at;
      seq.items.push(this.inlineOrBlock(at, indent, depth + 1));
    }
    return seq;
  }

  /** The node starting mid-line at `at` (after `- `): a nested block, or a one-line value. */
  private inlineOrBlock(at: number, seqIndent: number, depth: number): YNode {
    const text = this.texts[this.pos]!;
    const c = text[at];
    if (dashAt(text, at)) return this.block(at, depth);
    if (c !== '{' && c !== '[' && keyEnd(text, at) !== -1) return this.block(at, depth);
    const value = this.value(text, this.nos[this.pos]!, at, depth);
    this.pos++;
    // A deeper line after a one-line item would continue it: a multi-line scalar.
    if (this.indentHere() > seqIndent) decline();
    return value;
  }

  /** A one-line value: flow collection, quoted or plain scalar, ending the line. */
  private value(text: string, no: number, at: number, depth: number): YNode {
    const c = text[at]!;
    if (c === '{' || c === '[' || c === '"' || c === "'") {
      const reader = new FlowReader(text, no, depth);
      const node = reader.node(at);
      if (reader.end !== text.length) decline();
      return node;
    }
    if (badPlainStart(text, at)) decline();
    const raw = text.slice(at);
    if (raw.includes(': ') || raw.endsWith(':')) decline();
    return scalar(resolvePlain(raw), no, at, raw);
  }

  private map(indent: number, depth: number): YMap {
    const map: YMap = { kind: 'map', pairs: [], line: this.nos[this.pos]!, col: indent + 1 };
    let keys: Set<string> | undefined;
    while (this.indentHere() === indent) {
      const text = this.texts[this.pos]!;
      const no = this.nos[this.pos]!;
      if (dashAt(text, indent)) break;
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
        if (key === '' || badKeyStart(key.charCodeAt(0))) decline();
      }
      // Small mappings (a product) are checked by scanning; large ones (a feed) through a Set.
      if (keys) {
        if (keys.has(key)) decline();
        keys.add(key);
      } else if (hasKey(map, key)) decline();
      else if (map.pairs.length >= 16) keys = new Set(map.pairs.map((p) => p.key).concat(key));
      let at = colon + 1;
      while (text.charCodeAt(at) === 32) at++;
      let value: YNode;
      if (at < text.length) {
        value = this.value(text, no, at, depth + 1);
        this.pos++;
        if (this.indentHere() > indent) decline();
      } else {
        this.pos++;
        const next = this.indentHere();
        const seqHere = next === indent && dashAt(this.texts[this.pos]!, indent);
        // `key:` with nothing under it is null, reported at the key (as the library adapter does).
        value = next > indent || seqHere ? this.block(next, depth + 1) : scalar(null, no, indent, '');
      }
      map.pairs.push({ key, keyLine: no, keyCol: indent + 1, value });
    }
    if (this.indentHere() > indent) decline();
    return map;
  }
}

/**
 * The tree of `text`, or undefined when the text is outside the fast subset (or not valid YAML).
 * `firstLine` numbers the text's first line (a piece of a larger file keeps the file's numbers).
 */
export function fastParse(text: string, firstLine = 1): { root: YNode | undefined } | undefined {
  try {
    const lines = toLines(text, firstLine);
    if (lines.texts.length === 0) return { root: undefined };
    if (lines.indents[0] !== 0) decline();
    const reader = new BlockReader(lines);
    const root = reader.block(0, 0);
    if (!reader.done) decline();
    return { root };
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}
