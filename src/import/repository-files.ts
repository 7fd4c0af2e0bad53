/**
 * Files shelf keeps in every catalog repository it scaffolds (`init`) or writes (`import`):
 * copies of its JSON schemas, which the `$schema=` hints of shelf.yaml and the catalog files
 * point at by a path inside the repository (a path into wherever shelf happens to be installed
 * would break for colleagues and CI), and `.shelf/` in .gitignore, so `git add .` never stages
 * the journal and other local state. `shelf init --schemas` refreshes the copies after an upgrade.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { packageFile } from '../package-info.js';

/** Where the schema copies live, relative to the repository root. */
export const SCHEMA_DIR = 'schemas';

const SCHEMAS = { catalog: 'catalog.schema.json', shelf: 'shelf.schema.json' } as const;

/**
 * The `# yaml-language-server: $schema=...` line for a file in `fileDir` of the repository at
 * `root`: a relative path to the repository's own copy of the schema.
 */
export function schemaHint(kind: keyof typeof SCHEMAS, fileDir: string, root: string): string {
  const fromFile = relative(fileDir, root).split(sep).join('/');
  return `# yaml-language-server: $schema=${posix.join(fromFile, SCHEMA_DIR, SCHEMAS[kind])}`;
}

/** The schema copies to write, as repository-relative paths with the installed shelf's content. */
export async function schemaCopies(): Promise<{ path: string; content: string }[]> {
  return Promise.all(
    Object.values(SCHEMAS).map(async (name) => ({
      path: `${SCHEMA_DIR}/${name}`,
      content: await readFile(packageFile('schemas', name), 'utf8'),
    })),
  );
}

/** Adds `.shelf/` (journal and local state) to .gitignore, keeping whatever is there already; true when it added it. */
export async function ignoreLocalState(root: string): Promise<boolean> {
  const file = join(root, '.gitignore');
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  if (current.split(/\r?\n/).some((line) => /^\/?\.shelf\/?$/.test(line.trim()))) return false;
  const prefix = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${prefix}# shelf's journal and local state\n.shelf/\n`);
  return true;
}
