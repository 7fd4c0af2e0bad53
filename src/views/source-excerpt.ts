/**
 * The source line a diagnostic or a failed record points at, with a caret under the column:
 *
 *    4:     basecode: AKN-TSHRT
 *           ^
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { SourcePos } from '../model/source.js';

/** Lines longer than this are shown as a window around the column. */
const MAX_SHOWN = 120;

/** A file's bytes and where its lines start (byte offsets): only the lines shown are decoded. */
interface CachedFile {
  mtimeMs: number;
  size: number;
  bytes: Buffer;
  lineStarts: number[];
}

// Views point at many lines of few files: keep the last few files, checked against their mtime.
const cache = new Map<string, CachedFile>();
const CACHE_FILES = 4;

/**
 * Whether `path` really lies inside the repository: a line is never shown from a file a link
 * leads to outside it (it may be a token file). An unresolvable path is not shown either.
 */
function insideRoot(root: string, path: string): boolean {
  try {
    const rootReal = realpathSync(root);
    const real = realpathSync(path);
    return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : `${rootReal}${sep}`);
  } catch {
    return false;
  }
}

function load(root: string, path: string): CachedFile | undefined {
  let info: import('node:fs').Stats;
  try {
    info = statSync(path);
  } catch {
    return undefined;
  }
  if (!insideRoot(root, path)) return undefined;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
  if (!info.isFile()) return undefined;
  let bytes: Buffer;
  try {
    // Not decoded whole: a diagnostic in a catalog of 25 MB would cost half a second of decoding.
    bytes = readFileSync(path);
  } catch {
    // An unreadable file is reported by its own diagnostic; the view just shows no line.
    return undefined;
  }
  const lineStarts = [0];
  // A newline byte is never part of a longer UTF-8 sequence: decoding one line gives what decoding the file would.
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lineStarts.push(i + 1);
  const entry = { mtimeMs: info.mtimeMs, size: info.size, bytes, lineStarts };
  cache.delete(path);
  cache.set(path, entry);
  if (cache.size > CACHE_FILES) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** Printable form of a source line: tabs and control characters become one space each, so the caret stays aligned. */
function printable(line: string): string {
  return line.replace(/^\uFEFF/, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export function sourceExcerpt(root: string, pos: SourcePos): string | undefined {
  const file = load(root, isAbsolute(pos.file) ? pos.file : join(root, pos.file));
  if (!file || pos.line < 1 || pos.line > file.lineStarts.length) return undefined;
  const start = file.lineStarts[pos.line - 1]!;
  const end = pos.line < file.lineStarts.length ? file.lineStarts[pos.line]! - 1 : file.bytes.length;
  let line = printable(file.bytes.toString('utf8', start, end).replace(/\r$/, ''));
  let col = Math.max(1, pos.column);
  if (line.length > MAX_SHOWN) {
    const from = Math.max(0, Math.min(col - 1 - MAX_SHOWN / 2, line.length - MAX_SHOWN));
    line = `${from > 0 ? '…' : ''}${line.slice(from, from + MAX_SHOWN)}${from + MAX_SHOWN < line.length ? '…' : ''}`;
    col = col - from + (from > 0 ? 1 : 0);
  }
  const label = `${String(pos.line).padStart(4)}: `;
  return `${label}${line.trimEnd()}\n${' '.repeat(label.length + col - 1)}^`;
}
