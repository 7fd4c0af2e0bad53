/**
 * The full YAML reader: the `yaml` library's document API, turned into shelf's position tree.
 * Used for every file the fast reader declines, and for all error reporting on broken YAML.
 */
import { type Document, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { findMisindentedLine } from './find-misindent.js';
import type { YNode } from './tree.js';
import { TreeBuilder } from './tree-builder.js';

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
      // Every explicit tag, resolved or not, is an error of its own (see TreeBuilder).
      if (w.code === 'TAG_RESOLVE_FAILED') continue;
      diagnostics.push({ severity: 'warning', code: 'yaml-warning', summary: firstLine(w.message), source: at(w.pos[0]) });
    }
  }
  replaceIndentationCascade(text, file, diagnostics);
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

/**
 * Syntax errors that follow from one misindented line are replaced by one error on that line.
 * Only the grammar errors go: a duplicate key or a tab is reported as it is.
 */
function replaceIndentationCascade(text: string, file: string, diagnostics: Diagnostic[]): void {
  if (!diagnostics.some((d) => d.code === 'yaml-syntax')) return;
  const found = findMisindentedLine(text);
  if (!found) return;
  const kept = diagnostics.filter((d) => d.code !== 'yaml-syntax');
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  const example = found.example ? `, like line ${found.example.line} (\`${found.example.text}\`)` : '';
  kept.push({
    severity: 'error',
    code: 'yaml-indent',
    summary: `This line is indented ${spaces(found.indent)}; the lines around it are at ${spaces(found.expected)}`,
    detail:
      `Indent it by ${spaces(found.expected)}${example}. The keys of one entry, and the "-" items of one list, start in ` +
      'the same column; a line is indented deeper only under a key that ends with ":".',
    source: { file, line: found.line, column: found.indent + 1 },
  });
  diagnostics.splice(0, diagnostics.length, ...kept);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.charAt(0).toUpperCase() + line.slice(1);
}
