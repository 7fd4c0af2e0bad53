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

interface Line {
  /** Column (0-based) where the content starts. */
  indent: number;
  /** The line without its comment and trailing spaces; content starts at `indent`. */
  text: string;
  /** 1-based line number. */
  no: number;
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
      let at = colon + 1;
      while (text[at] === ' ') at++;
      this.pos++;
      let value: YNode;
      if (at < text.length) {
        value = this.value(line, at, depth + 1);
        const next = this.peek();
        if (next && next.indent > indent) decline();
      } else {
        const next = this.peek();
        const seqHere = next && next.indent === indent && next.text[indent] === '-' && (next.text[indent + 1] === ' ' || next.text.length === indent + 1);
        // `key:` with nothing under it is null, reported at the key (as the library adapter does).
        value = next && (next.indent > indent || seqHere) ? this.block(next.indent, depth + 1) : scalar(null, no, indent, '');
      }
      map.pairs.push({ key, keyLine: no, keyCol: indent + 1, value });
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
