/**
 * When a block YAML file does not parse, the `yaml` library reports where its grammar broke,
 * which after a misindented line is often the line before it ("Nested mappings are not allowed
 * in compact mappings") or every correct line after it ("All mapping items must start at the same
 * column"). This finds the line that is actually misindented, by the columns its neighbours
 * establish, so the user gets one error on the right line with an indentation hint.
 */

export interface Misindent {
  /** 1-based line of the misindented line. */
  line: number;
  /** Its indentation, in spaces. */
  indent: number;
  /** The indentation the surrounding keys use there. */
  expected: number;
  /** A line above whose content starts at `expected`, to show as the example. */
  example?: { line: number; text: string };
}

interface Level {
  column: number;
  line: number;
  /** A column where `- ` items of a list start (else: where keys or values start). */
  items: boolean;
}

/** Strips quoted strings and a trailing comment, so brackets and colons inside them do not count. */
function code(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""').replace(/\s+#.*$/, '');
}

/** The columns a line opens: one per leading `- ` (sequence items), then its content's column. */
function columnsOf(text: string, indent: number): { column: number; items: boolean }[] {
  const columns: { column: number; items: boolean }[] = [];
  let rest = text.slice(indent);
  let column = indent;
  for (let m = /^-( +|$)/.exec(rest); m; m = /^-( +|$)/.exec(rest)) {
    columns.push({ column, items: true });
    if (rest.length === m[0].length) return columns;
    column += m[0].length;
    rest = rest.slice(m[0].length);
  }
  columns.push({ column, items: false });
  return columns;
}

/** A line after which a deeper block may start: a key without an inline value, or a bare `-`. */
const opensBlock = (content: string) => /:$/.test(content) || /^-$/.test(content.trim()) || /(^|\s)-$/.test(content);
/** A key whose value is a block scalar (`|`, `>-`, …): the deeper lines after it are text, not structure. */
const startsBlockScalar = (content: string) => /:\s*[|>][-+0-9]*$/.test(content);

export function findMisindentedLine(text: string): Misindent | undefined {
  const lines = text.split(/\r?\n/);
  const levels: Level[] = [];
  let opened = false;
  let scalarAbove: number | undefined;
  let flowDepth = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(raw)) continue;
    const indent = raw.length - raw.trimStart().length;
    if (scalarAbove !== undefined) {
      if (indent > scalarAbove) continue;
      scalarAbove = undefined;
    }
    const content = code(raw).trimEnd();
    if (flowDepth > 0) {
      flowDepth += (content.match(/[[{]/g)?.length ?? 0) - (content.match(/[\]}]/g)?.length ?? 0);
      continue;
    }
    const top = levels.at(-1)?.column ?? -1;
    const known = levels.some((l) => l.column === indent);
    // A sequence may sit at its parent key's column (`key:` then `- item` below it).
    const deeperAllowed = opened && (indent > top || (indent === top && trimmed.startsWith('-')));
    if (levels.length > 0 && !deeperAllowed && !known) return describe(lines, levels, i, indent);
    while (levels.length > 0 && levels.at(-1)!.column > indent) levels.pop();
    for (const { column, items } of columnsOf(raw, indent)) {
      if (!levels.some((l) => l.column === column)) levels.push({ column, line: i + 1, items });
    }
    opened = opensBlock(content);
    if (startsBlockScalar(content)) scalarAbove = indent;
    flowDepth = Math.max(0, (content.match(/[[{]/g)?.length ?? 0) - (content.match(/[\]}]/g)?.length ?? 0));
  }
  return undefined;
}

function describe(lines: string[], levels: Level[], index: number, indent: number): Misindent {
  // The column meant is the nearest one in use by lines of the same kind (list items or keys);
  // on a tie the deeper (the line's own entry).
  const items = lines[index]!.trimStart().startsWith('-');
  const sameKind = levels.filter((l) => l.items === items);
  const expected = (sameKind.length > 0 ? sameKind : levels)
    .map((l) => l.column)
    .reduce((best, c) => (Math.abs(c - indent) < Math.abs(best - indent) || (Math.abs(c - indent) === Math.abs(best - indent) && c > best) ? c : best));
  const out: Misindent = { line: index + 1, indent, expected };
  for (let j = index - 1; j >= 0; j--) {
    const raw = lines[j]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const start = raw.length - raw.trimStart().length;
    if (columnsOf(raw, start).some((c) => c.column === expected && c.items === items)) {
      out.example = { line: j + 1, text: raw.slice(expected).trim() };
      break;
    }
  }
  return out;
}
