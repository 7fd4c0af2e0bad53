/**
 * Finds the catalog files matched by `files:` globs, relative to the repository root, sorted so
 * every run reads them in the same order. Nothing under the globs is left out without a word:
 * an unreadable directory, a symbolic link leaving the repository or pointing nowhere, a
 * directory reached twice are each an error diagnostic, never a smaller catalog.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { globToRegExp, isSafeGlob, mayEnter, staticBase } from './globs.js';
import {
  danglingLink,
  directoryReachedTwice,
  linkLoop,
  linkOutsideRepository,
  notARegularFile,
  unreadablePath,
} from './path-problems.js';

const SKIPPED_DIRS = new Set(['.git', '.shelf', 'node_modules']);

function inside(rootReal: string, real: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : `${rootReal}${sep}`);
}

/** Whether `path` (which exists) really lies inside `root`, symbolic links resolved: false when unsure. */
export async function isInsideRepository(root: string, path: string): Promise<boolean> {
  try {
    return inside(await realpath(root), await realpath(path));
  } catch {
    return false;
  }
}

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** A catalog file found: where the user sees it, and where it really is (always inside the repository). */
export interface FoundFile {
  /** Relative to the repository root, forward slashes. */
  path: string;
  realPath: string;
}

export interface CatalogDiscovery {
  files: FoundFile[];
  /** Every path under the globs that could not be taken as it is: all errors. */
  diagnostics: Diagnostic[];
}

class Walk {
  readonly files: FoundFile[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Real path of each directory walked → the repository path it was first reached by. */
  private readonly visited = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly rootReal: string,
    private readonly globs: readonly string[],
    private readonly patterns: readonly RegExp[],
  ) {}

  private matches(path: string): boolean {
    return this.patterns.some((p) => p.test(path));
  }

  private mayHold(dir: string): boolean {
    return !SKIPPED_DIRS.has(posix.basename(dir)) && this.globs.some((g) => mayEnter(g, dir));
  }

  /** Starts at a glob's base directory, which may itself be (or pass through) a symbolic link. */
  async base(base: string): Promise<void> {
    if (base === '') return this.directory('', this.rootReal);
    const path = join(this.root, base);
    let link: Stats;
    try {
      link = await lstat(path);
    } catch (err) {
      // Not there: nothing matches, which the caller reports. Anything else hides what is there.
      const code = errnoOf(err);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.diagnostics.push(unreadablePath(base, 'directory', err));
      return;
    }
    if (link.isSymbolicLink()) return this.link(base, { asFile: false, asDir: true });
    let real: string;
    try {
      real = await realpath(path);
    } catch (err) {
      this.diagnostics.push(unreadablePath(base, 'directory', err));
      return;
    }
    if (!inside(this.rootReal, real)) {
      this.diagnostics.push(linkOutsideRepository(base));
      return;
    }
    if (link.isDirectory()) await this.directory(base, real);
  }

  async directory(dir: string, real: string): Promise<void> {
    const first = this.visited.get(real);
    if (first !== undefined) {
      this.diagnostics.push(directoryReachedTwice(dir, first));
      return;
    }
    this.visited.set(real, dir);
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, dir), { withFileTypes: true });
    } catch (err) {
      this.diagnostics.push(unreadablePath(dir === '' ? '.' : dir, 'directory', err));
      return;
    }
    // Sorted, so which of two paths to one directory counts as the first is the same every run.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (this.mayHold(child)) await this.directory(child, `${real}${sep}${e.name}`);
      } else if (e.isFile()) {
        if (this.matches(child)) this.files.push({ path: child, realPath: `${real}${sep}${e.name}` });
      } else if (e.isSymbolicLink()) {
        await this.link(child, { asFile: this.matches(child), asDir: this.mayHold(child) });
      } else if (this.matches(child)) {
        this.diagnostics.push(notARegularFile(child));
      }
    }
  }

  /**
   * Follows a link that could be a catalog file (`asFile`) or a directory holding some (`asDir`)
   * when its real path stays inside the repository. A target outside is never opened: only
   * whether it is a directory is asked, to leave alone a link that cannot be a catalog file.
   */
  async link(path: string, as: { asFile: boolean; asDir: boolean }): Promise<void> {
    if (!as.asFile && !as.asDir) return;
    let real: string;
    try {
      real = await realpath(join(this.root, path));
    } catch (err) {
      const code = errnoOf(err);
      this.diagnostics.push(code === 'ENOENT' ? danglingLink(path) : code === 'ELOOP' ? linkLoop(path) : unreadablePath(path, 'file', err));
      return;
    }
    if (!inside(this.rootReal, real)) {
      const target = as.asFile ? undefined : await stat(real).catch(() => undefined);
      if (!target || target.isDirectory()) this.diagnostics.push(linkOutsideRepository(path));
      return;
    }
    let target: Stats;
    try {
      target = await stat(real);
    } catch (err) {
      this.diagnostics.push(unreadablePath(path, 'file', err));
      return;
    }
    if (target.isDirectory()) {
      if (as.asDir) await this.directory(path, real);
    } else if (!as.asFile) {
      return;
    } else if (target.isFile()) {
      this.files.push({ path, realPath: real });
    } else {
      this.diagnostics.push(notARegularFile(path));
    }
  }
}

/**
 * Every file matched by one of `globs`, with a diagnostic for every path under them that could
 * not be taken: never a smaller catalog without a word. Symbolic links are followed while their
 * real path stays inside the repository (`root`, by its real path); one leaving it is an error
 * and its target is never read.
 */
export async function discoverCatalogFiles(root: string, globs: readonly string[]): Promise<CatalogDiscovery> {
  const usable = globs.filter(isSafeGlob).map((g) => posix.normalize(g.replace(/^\.\//, '')));
  const bases = [...new Set(usable.map(staticBase))].sort();
  // Walk each distinct base once; a base inside another is covered by the outer walk.
  const starts = bases.filter((b) => !bases.some((o) => o !== b && (o === '' || b.startsWith(`${o}/`))));
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (err) {
    // A repository not made yet (import creates it) holds no files; anything else is a problem.
    return { files: [], diagnostics: errnoOf(err) === 'ENOENT' ? [] : [unreadablePath('.', 'directory', err)] };
  }
  const walk = new Walk(root, rootReal, usable, usable.map(globToRegExp));
  for (const base of starts) await walk.base(base);
  const byPath = new Map(walk.files.map((f) => [f.path, f]));
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics: walk.diagnostics };
}
