/**
 * The full YAML reader: the `yaml` library's document API, turned into shelf's position tree.
 * Used for every file the fast reader declines, and for all error reporting on broken YAML.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { LIMITS } from '../limits.js';
import type { YNode, YPair, YScalar } from './tree.js';

export interface ParsedTree {
  /** The document's root, or undefined when the file holds no document (empty or comments only). */
  root: YNode | undefined;
  diagnostics: Diagnostic[];
}

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  // The library checks duplicate keys with a linear scan per key (quadratic on a 100,000-entry
  // stock feed); TreeBuilder checks them with a Set instead.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
} as const;

function yamlHint(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'YAML indentation must use spaces: replace the tab characters with spaces.';
  if (/quote/i.test(message)) return 'Close the quoted value with the same quote character it starts with.';
  if (/^Flow (sequence|map)/.test(message)) return 'Close the [ ] or { } on the line where it starts, or indent its continuation lines.';
  if (code === 'BLOCK_AS_IMPLICIT_KEY') return 'Quote a value that contains ": ", or put the nested mapping on lines of its own.';
  if (code === 'BAD_INDENT' || /indicator|column|indent/i.test(message)) {
    return 'Check the indentation: the keys of one mapping, and the "-" items of one list, must start in the same column.';
  }
  return 'Fix the YAML syntax at the marked position.';
}

/** The library reports an unclosed quote at the end of the input; the opening quote is more useful. */
function errorOffset(text: string, code: string, message: string, offset: number): number {
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (code === 'MISSING_CHAR' && quote) {
    const open = text.lastIndexOf(quote, Math.min(offset, text.length - 1));
    if (open >= 0) return open;
  }
  return offset;
}

export function parseWithYamlLibrary(text: string, file: string): ParsedTree {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter }) as Document.Parsed[];
  } catch (err) {
    // The library recurses per nesting level; absurd nesting overflows the stack.
    const message = err instanceof RangeError ? 'The YAML is nested too deeply to read' : String(err);
    diagnostics.push({ severity: 'error', code: 'yaml-too-deep', summary: message, source: { file, line: 1, column: 1 } });
    return { root: undefined, diagnostics };
  }
  if (!Array.isArray(docs)) docs = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (e.code === 'RESOURCE_EXHAUSTION') {
        // The library may report the overflow once per unwound level: one report is enough.
        if (diagnostics.some((d) => d.code === 'yaml-too-deep')) continue;
        diagnostics.push({ severity: 'error', code: 'yaml-too-deep', summary: `The YAML is nested too deeply to read (${firstLine(e.message)})`, detail: 'Flatten the structure.', source: at(e.pos[0]) });
        continue;
      }
      const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'yaml-tab' : 'yaml-syntax';
      diagnostics.push({
        severity: 'error',
        code,
        summary: firstLine(e.message),
        detail: yamlHint(e.code, e.message),
        source: at(errorOffset(text, e.code, e.message, e.pos[0])),
      });
    }
    for (const w of doc.warnings) {
      diagnostics.push({ severity: 'warning', code: 'yaml-warning', summary: firstLine(w.message), source: at(w.pos[0]) });
    }
  }
  if (docs.length > 1) {
    const second = docs[1]!;
    diagnostics.push({
      severity: 'error',
      code: 'multiple-documents',
      summary: 'A catalog file holds one YAML document; this one has several (separated by ---)',
      detail: 'Split the documents into separate files.',
      source: at(second.range[0]),
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { root: undefined, diagnostics };
  const doc = docs[0];
  if (!doc || doc.contents === null) return { root: undefined, diagnostics };
  const root = new TreeBuilder(doc, text, at, diagnostics).build(doc.contents as Node);
  return { root, diagnostics };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.charAt(0).toUpperCase() + line.slice(1);
}

type At = (offset: number) => { file: string; line: number; column: number };

/** Converts library nodes to tree nodes, sharing anchored nodes and bounding alias expansion. */
class TreeBuilder {
  private readonly done = new Map<Node, { node: YNode; size: number }>();
  private readonly inProgress = new Set<Node>();
  private written = 0;
  private expanded = 0;
  private failed = false;
  private duplicates = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly at: At,
    private readonly diagnostics: Diagnostic[],
  ) {}

  build(node: Node): YNode | undefined {
    const result = this.convert(node, 0);
    return this.failed || this.duplicates ? undefined : result?.node;
  }

  private error(code: string, summary: string, detail: string, offset: number): void {
    this.failed = true;
    this.diagnostics.push({ severity: 'error', code, summary, detail, source: this.at(offset) });
  }

  private convert(node: Node, depth: number): { node: YNode; size: number } | undefined {
    if (this.failed) return undefined;
    if (depth > LIMITS.maxDepth) {
      this.error('yaml-too-deep', `The YAML is nested more than ${LIMITS.maxDepth} levels deep`, 'Flatten the structure.', node.range?.[0] ?? 0);
      return undefined;
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target || this.inProgress.has(target)) {
        this.error('yaml-alias', `Alias *${node.source} does not refer to a finished anchor`, 'Define the anchor (&name) before using it, outside the node itself.', node.range?.[0] ?? 0);
        return undefined;
      }
      const converted = this.done.get(target) ?? this.convert(target, depth);
      if (!converted) return undefined;
      this.expanded += converted.size;
      if (this.expanded > 2 * this.written + LIMITS.maxAliasExpansion) {
        this.error('alias-limit', 'Aliases expand this document far beyond its written size', 'This looks like an alias bomb ("billion laughs"); write the data out instead of nesting aliases.', node.range?.[0] ?? 0);
        return undefined;
      }
      return converted;
    }
    const [start] = node.range ?? [0];
    const { line, column: col } = this.at(start);
    this.written += 1;
    let result: { node: YNode; size: number } | undefined;
    this.inProgress.add(node);
    if (isMap(node)) {
      const pairs: YPair[] = [];
      const keys = new Map<string, number>();
      let size = 1;
      for (const item of node.items) {
        const keyNode = item.key as Node | null;
        const key = this.keyText(keyNode);
        if (key === undefined) return undefined;
        const keyPos = keyNode?.range ? this.at(keyNode.range[0]) : { line, column: col };
        const firstLine = keys.get(key);
        if (firstLine !== undefined) {
          // Keep reading so every duplicate in the file is reported at once.
          this.duplicates = true;
          this.diagnostics.push({
            severity: 'error',
            code: 'duplicate-key',
            summary: `Duplicate key "${key}" in this mapping`,
            detail: `It is first given on line ${firstLine}. Each key may appear only once in a mapping: remove or rename one of them.`,
            source: this.at(keyNode?.range?.[0] ?? start),
          });
          continue;
        }
        keys.set(key, keyPos.line);
        const valueNode = item.value as Node | null;
        const value = valueNode ? this.convert(valueNode, depth + 1) : { node: this.emptyAt(keyPos.line, keyPos.column), size: 1 };
        if (!value) return undefined;
        size += value.size;
        pairs.push({ key, keyLine: keyPos.line, keyCol: keyPos.column, value: emptyAtKey(value.node, keyPos) });
      }
      result = { node: { kind: 'map', pairs, line, col }, size };
    } else if (isSeq(node)) {
      const items: YNode[] = [];
      let size = 1;
      for (const item of node.items) {
        const value = item ? this.convert(item as Node, depth + 1) : { node: this.emptyAt(line, col), size: 1 };
        if (!value) return undefined;
        size += value.size;
        items.push(value.node);
      }
      result = { node: { kind: 'seq', items, line, col }, size };
    } else if (isScalar(node)) {
      result = { node: this.scalar(node, line, col), size: 1 };
    }
    this.inProgress.delete(node);
    if (result) this.done.set(node, result);
    return result;
  }

  private emptyAt(line: number, col: number): YScalar {
    return { kind: 'scalar', value: null, raw: '', line, col };
  }

  private scalar(node: Node, line: number, col: number): YScalar {
    const s = node as Node & { value: unknown; type?: string };
    let value = s.value;
    if (typeof value === 'bigint') value = Number(value);
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      value = String(value);
    }
    if (typeof value === 'string' && value.length > LIMITS.maxScalarChars) {
      this.error('scalar-too-large', `A value of ${value.length} characters exceeds the limit of ${LIMITS.maxScalarChars}`, 'Shorten the value; no product field needs text this long.', node.range?.[0] ?? 0);
    }
    const plain = s.type === 'PLAIN';
    const scalar: YScalar = { kind: 'scalar', value: value as YScalar['value'], line, col };
    if (plain && node.range) scalar.raw = this.text.slice(node.range[0], node.range[1]);
    return scalar;
  }

  private keyText(keyNode: Node | null): string | undefined {
    if (keyNode === null) return '';
    if (isScalar(keyNode)) {
      if (typeof keyNode.value === 'string') return keyNode.value;
      // A plain key such as `00123:` is a SKU as written, not the number 123.
      if (keyNode.range) return this.text.slice(keyNode.range[0], keyNode.range[1]);
      return String(keyNode.value);
    }
    this.error('complex-key', 'Only plain text keys are supported here', 'Write the key as text (a SKU, a field name).', keyNode.range?.[0] ?? 0);
    return undefined;
  }
}

/** An empty value (`key:` with nothing after it) is reported at its key. */
function emptyAtKey(node: YNode, keyPos: { line: number; column: number }): YNode {
  if (node.kind === 'scalar' && node.value === null && node.raw === '') {
    return { ...node, line: keyPos.line, col: keyPos.column };
  }
  return node;
}
