/**
 * Finds the catalog files matched by `files:` globs (`*`, `?`, `**`, `{a,b}`), relative to the
 * repository root, sorted so every run reads them in the same order.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';

const SKIPPED_DIRS = new Set(['.git', '.shelf', 'node_modules']);

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces += 1;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The directory part of a glob before its first wildcard: where walking can start. */
function staticBase(glob: string): string {
  const parts = glob.split('/');
  const base: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?{]/.test(p)) break;
    base.push(p);
  }
  return base.join('/');
}

export function isSafeGlob(glob: string): boolean {
  return !glob.startsWith('/') && !glob.split('/').includes('..') && !/^[A-Za-z]:/.test(glob);
}

async function walk(root: string, rel: string, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) await walk(root, child, out);
    } else if (e.isFile()) {
      out.push(child);
    } else if (e.isSymbolicLink()) {
      const s = await stat(join(root, child)).catch(() => undefined);
      if (s?.isFile()) out.push(child);
    }
  }
}

/** Repository-relative paths (forward slashes) of every file matched by one of `globs`. */
export async function findCatalogFiles(root: string, globs: readonly string[]): Promise<string[]> {
  const usable = globs.filter(isSafeGlob).map((g) => posix.normalize(g.replace(/^\.\//, '')));
  const bases = [...new Set(usable.map(staticBase))].sort();
  // Walk each distinct base once; a base inside another is covered by the outer walk.
  const roots = bases.filter((b) => !bases.some((o) => o !== b && (o === '' || b.startsWith(`${o}/`))));
  const found: string[] = [];
  for (const base of roots) await walk(root, base, found);
  const patterns = usable.map(globToRegExp);
  return [...new Set(found)].filter((f) => patterns.some((p) => p.test(f))).sort();
}
