/**
 * With `--force`, files an earlier import wrote that this import did not (a category with no
 * products any more, feeds after switching back to inline prices and stocks) are removed, so the
 * catalog holds no SKU twice and no product that no longer exists. Only files carrying the import
 * marker near their top are candidates: hand-written files are never touched.
 */
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverCatalogFiles } from '../config/find-files.js';
import { IMPORT_MARKER } from './layout.js';

export interface RemovedFile {
  /** Relative to the repository root, forward slashes. */
  path: string;
  reason: string;
}

/** How far into a file the marker is looked for: the schema hint and title lines come first. */
const HEAD_BYTES = 1024;
const HEAD_LINES = 5;

async function head(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n').slice(0, HEAD_LINES);
  } finally {
    await handle.close();
  }
}

function reasonFor(markerLine: string, feeds: boolean): string {
  const feed = /^#\s*(Prices|Stocks) per SKU\./.exec(markerLine)?.[1];
  if (!feed) return 'no products in that category any more';
  const what = feed.toLowerCase();
  return feeds ? `no ${what} in scope any more` : `${what} are written inline without --feeds`;
}

/** Removes marked files matched by `globs` that are not in `written`; returns what it removed. */
export async function removeStaleImports(
  root: string,
  globs: readonly string[],
  written: ReadonlySet<string>,
  feeds: boolean,
): Promise<RemovedFile[]> {
  const removed: RemovedFile[] = [];
  // Only files discovery took (inside the repository): a link leading out is never opened or removed here.
  for (const { path } of (await discoverCatalogFiles(root, globs)).files) {
    if (written.has(path) || path === 'shelf.yaml') continue;
    const lines = await head(join(root, path)).catch(() => []);
    const markerLine = lines.find((line) => line.startsWith('#') && line.includes(IMPORT_MARKER));
    if (!markerLine) continue;
    await unlink(join(root, path));
    removed.push({ path, reason: reasonFor(markerLine, feeds) });
  }
  return removed;
}
