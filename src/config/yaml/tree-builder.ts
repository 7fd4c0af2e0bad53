/**
 * Turns the `yaml` library's nodes into shelf's position tree: anchored nodes are shared, alias
 * expansion is bounded (YAML bombs), duplicate keys are found with a Set (the library's own check
 * is quadratic), and oversized scalars and explicit tags are refused.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { LIMITS } from '../limits.js';
import type { YNode, YPair, YScalar } from './tree.js';

export type At = (offset: number) => { file: string; line: number; column: number };

/** Converts library nodes to tree nodes, sharing anchored nodes and bounding alias expansion. */
export class TreeBuilder {
  private readonly done = new Map<Node, { node: YNode; size: number }>();
  private readonly inProgress = new Set<Node>();
  private written = 0;
  private expanded = 0;
  private failed = false;
  private duplicates = false;
  private tagged = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly at: At,
    private readonly diagnostics: Diagnostic[],
  ) {}

  build(node: Node): YNode | undefined {
    const result = this.convert(node, 0);
    return this.failed || this.duplicates || this.tagged ? undefined : result?.node;
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
    this.checkTag(node, start);
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

  /**
   * An explicit tag (`!!binary`, `!!str`, `!custom`) makes the library convert the value
   * (`!!binary QUtOLTE=` reads as the SKU `AKN-1`), which the file does not show. Every tag in
   * the file is reported, and the file yields no tree.
   */
  private checkTag(node: Node, start: number): void {
    if (node.tag === undefined) return;
    this.tagged = true;
    const at = tagStart(this.text, start);
    const written = this.text[at] === '!' ? /^!<[^>]*>|^[^\s,[\]{}]+/.exec(this.text.slice(at))![0] : node.tag;
    this.diagnostics.push({
      severity: 'error',
      code: 'yaml-tag',
      summary: `The YAML tag ${written} is not accepted: a tag converts the value, and shelf reads values only as written`,
      detail: 'Remove the tag and write the value itself; quote it if it must stay text exactly as written (e.g. sku: "00123").',
      source: this.at(at),
    });
  }

  private keyText(keyNode: Node | null): string | undefined {
    if (keyNode === null) return '';
    if (keyNode.range) this.checkTag(keyNode, keyNode.range[0]);
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

/**
 * Where the tag of a node starting at `start` is written: the node's range begins after its
 * properties (an anchor and a tag, in either order, possibly on the line before).
 */
function tagStart(text: string, start: number): number {
  const separator = /[\s,[{]/;
  let end = start;
  for (let props = 0; props < 2; props++) {
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    let from = end;
    // A verbatim tag (`!<tag:yaml.org,2002:str>`) may hold a separator.
    if (text[end - 1] === '>') from = Math.max(0, text.lastIndexOf('!<', end));
    else while (from > 0 && !separator.test(text[from - 1]!)) from--;
    if (text[from] === '!') return from;
    if (text[from] !== '&') break;
    end = from;
  }
  return start;
}
