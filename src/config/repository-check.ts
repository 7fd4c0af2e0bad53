/**
 * A directory with neither shelf.yaml nor a catalog file is not a catalog repository. Treating
 * it as an empty catalog would make `plan` report "No changes" (or, with prune, plan to delete
 * everything) from the wrong directory, so it is an error that points at the nearest directory
 * that is a repository, which is usually where the user meant to be.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { discoverCatalogFiles } from './find-files.js';
import { loadSettings, SETTINGS_FILE } from './load-settings.js';

export const hasSettingsFile = (dir: string): Promise<boolean> => stat(join(dir, SETTINGS_FILE)).then((s) => s.isFile(), () => false);

/** The closest directory holding shelf.yaml: an ancestor first (run from inside a repository), then a child. */
export async function nearestRepository(root: string): Promise<string | undefined> {
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    if (await hasSettingsFile(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  const children = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const c of children.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    if (await hasSettingsFile(join(root, c.name))) return join(root, c.name);
  }
  return undefined;
}

export async function notARepository(root: string, globs: readonly string[]): Promise<Diagnostic> {
  const nearest = await nearestRepository(root);
  const where = nearest
    ? `The nearest catalog repository is ${relative(root, nearest)} (${nearest}): run shelf there, or pass it as the directory argument.`
    : 'Run shelf in the directory that holds shelf.yaml, or pass it as the directory argument; `shelf init` starts a new repository.';
  return {
    severity: 'error',
    code: 'not-a-repository',
    summary: `${root} is not a catalog repository: it has no ${SETTINGS_FILE} and no file matching ${globs.join(', ')}`,
    detail: where,
  };
}

/**
 * For commands that write state before loading the catalog (apply takes its lock in `.shelf/`
 * first): the same refusal, checked before anything is created in the directory.
 */
export async function repositoryProblem(root: string): Promise<Diagnostic | undefined> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    return {
      severity: 'error',
      code: info ? 'not-a-directory' : 'dir-not-found',
      summary: info ? `${root} is neither a directory nor a plan file` : `The catalog directory ${root} does not exist`,
      detail: 'Give the directory that holds shelf.yaml and the catalog files, or a plan file saved by `shelf plan --out`.',
    };
  }
  if (await hasSettingsFile(root)) return undefined;
  const { settings } = await loadSettings(root);
  // A path that cannot be read is not "nothing here": loading the catalog reports it.
  const discovery = await discoverCatalogFiles(root, settings.files);
  if (discovery.files.length > 0 || discovery.diagnostics.length > 0) return undefined;
  return notARepository(root, settings.files);
}
