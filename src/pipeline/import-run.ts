/**
 * The import run: settings → client → one category tree read and the scope's products
 * (approved and unapproved, the same reads `plan` makes) → files → written only if nothing would
 * be overwritten (or --force) → read back with the catalog loader and diffed against what was
 * read, which proves `shelf plan` will report no changes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { discoverCatalogFiles } from '../config/find-files.js';
import { loadCatalog } from '../config/load-catalog.js';
import { loadSettings } from '../config/load-settings.js';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { RemoteProduct } from '../model/product.js';
import type { Settings } from '../model/settings.js';
import { catalogDirOf } from '../import/catalog-dir.js';
import { type ImportFile, layoutImport, type WrittenFile } from '../import/layout.js';
import { ignoreLocalState, schemaCopies, schemaHint } from '../import/repository-files.js';
import { settingsFileText } from '../import/settings-file.js';
import { type RemovedFile, removeStaleImports } from '../import/stale-files.js';
import { diffCatalog } from '../plan/diff.js';
import type { Plan } from '../plan/types.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { Category, RequestCounters } from '../remote/types.js';
import type { RunContext } from './context.js';
import { openClient } from './open-client.js';
import { readRemoteCatalog } from './read-remote.js';
import { unknownCategories } from './unknown-categories.js';

export interface ImportInput {
  root: string;
  skuPrefixes: string[];
  categories: string[];
  feeds: boolean;
  force: boolean;
  url?: string;
}

export interface ImportResult {
  diagnostics: Diagnostic[];
  /** Files written (relative paths), shelf.yaml included when it was created. */
  written: WrittenFile[];
  /** Files of an earlier import removed by --force because this import no longer writes them. */
  removed: RemovedFile[];
  skus: number;
  families: number;
  products: number;
  requests?: RequestCounters;
  /** The plan of the written catalog against the products read: no changes means a faithful import. */
  check?: Plan;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
}

async function writeAtomically(root: string, files: readonly ImportFile[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, file.content);
    await rename(temporary, target);
  }
}

interface FilesOptions {
  root: string;
  feeds: boolean;
  force: boolean;
  catalogDir: string;
  /** shelf.yaml text to write, when the directory has none yet. */
  settingsText?: string;
}

type FilesWritten = { written: WrittenFile[]; catalogFiles: number; skus: number; families: number; products: number };

/**
 * Lays the import out as files and writes them, unless that would overwrite existing catalog
 * files without --force (then it returns their paths and writes nothing). Only paths and counts
 * come back: the texts are on disk, and the read-back that follows parses them from there.
 * Holding them through it (26 MB for 100,000 SKUs) only raised import's peak.
 */
async function writeImportFiles(remote: readonly RemoteProduct[], tree: readonly Category[], o: FilesOptions): Promise<FilesWritten | { clashes: string[] }> {
  const layout = layoutImport(remote, tree, {
    feeds: o.feeds,
    catalogDir: o.catalogDir,
    schemaHint: schemaHint('catalog', join(o.root, o.catalogDir), o.root),
  });
  const files: ImportFile[] = [...layout.files];
  if (o.settingsText !== undefined) files.unshift({ path: 'shelf.yaml', content: o.settingsText, skus: 0 });
  // The hints point at the repository's own schema copies: written when missing or outdated.
  for (const copy of await schemaCopies()) {
    const current = await readFile(join(o.root, copy.path), 'utf8').catch(() => undefined);
    if (layout.files.length > 0 && current !== copy.content) files.push({ ...copy, skus: 0 });
  }
  const clashes = layout.files.filter((f) => existsSync(join(o.root, f.path))).map((f) => f.path);
  if (clashes.length > 0 && !o.force) return { clashes };
  await writeAtomically(o.root, files);
  const written: WrittenFile[] = files.map(({ path, skus }) => ({ path, skus }));
  if (layout.files.length > 0 && (await ignoreLocalState(o.root))) written.push({ path: '.gitignore', skus: 0 });
  return { written, catalogFiles: layout.files.length, skus: layout.skus, families: layout.families, products: layout.products };
}

/**
 * Reads the files back exactly as `plan` will, and diffs them against what was just read. No
 * parse-cache entry is written here: encoding one for a 100,000-SKU file, while the remote
 * records are still held, lifted import's peak from ~600 to ~770 MB; the first plan writes it.
 * Only the plan comes back, so the catalog read is garbage once this returns.
 */
async function checkWrittenCatalog(root: string, remote: readonly RemoteProduct[]): Promise<{ check?: Plan; problems: Diagnostic[] }> {
  const catalog = await loadCatalog(root, { allowNoRepository: true, parseCacheMinBytes: Number.POSITIVE_INFINITY });
  if (hasErrors(catalog.diagnostics)) return { problems: catalog.diagnostics };
  return { check: diffCatalog(catalog, remote), problems: catalog.diagnostics };
}

export async function importCatalog(input: ImportInput, ctx: RunContext): Promise<ImportResult> {
  const empty = { written: [], removed: [], skus: 0, families: 0, products: 0 };
  const loaded = await loadSettings(input.root);
  const diagnostics = [...loaded.diagnostics];
  // A catalog path that cannot be taken (unreadable, a link leaving the repository) stops the
  // import before it reads or writes anything, as it stops plan.
  diagnostics.push(...(await discoverCatalogFiles(input.root, loaded.settings.files)).diagnostics);
  if (hasErrors(diagnostics)) return { ...empty, diagnostics };
  const hasSettingsFile = existsSync(join(input.root, 'shelf.yaml'));
  const flagsGiven = input.skuPrefixes.length > 0 || input.categories.length > 0;
  const scope: Settings['scope'] = flagsGiven
    ? { skuPrefixes: input.skuPrefixes, categories: input.categories }
    : loaded.settings.scope;
  const own = loaded.settings.scope;
  const ownScope = !flagsGiven || (sameList(own.skuPrefixes, scope.skuPrefixes) && sameList(own.categories, scope.categories));
  if (flagsGiven && hasSettingsFile) {
    if (!ownScope)
      diagnostics.push({
        severity: 'warning',
        code: 'import-scope-differs',
        summary: 'The scope given on the command line differs from the scope in shelf.yaml',
        detail: '`shelf plan` uses the scope in shelf.yaml: update it to match what was imported.',
        ...(loaded.settings.sources.scope ? { source: loaded.settings.sources.scope } : {}),
      });
  }

  // A directory that is not a repository yet (no shelf.yaml) gets no .shelf/ from reads alone:
  // its quota memory is written only once the import has written the catalog, so a plan run
  // right after the import knows the slots it spent, and a refused or failed import leaves
  // nothing behind.
  let catalogWritten = false;
  const opened = openClient(loaded.settings, ctx, {
    root: input.root,
    ...(input.url ? { url: input.url } : {}),
    ...(hasSettingsFile ? {} : { quotaMemoryWritable: () => catalogWritten }),
  });
  diagnostics.push(...opened.diagnostics);
  const { client } = opened;
  if (!client) return { ...empty, diagnostics };
  try {
    const settings: Settings = { ...loaded.settings, scope };
    // The read leaves a snapshot for the next plan, saved only once the catalog is written.
    let saveSnapshot: (() => Promise<void>) | undefined;
    const snapshot = {
      root: input.root,
      origin: new URL(opened.apiBaseUrl!).origin,
      fullRead: true,
      warn: ctx.warn,
      deferSave: (save: () => Promise<void>) => (saveSnapshot = save),
    };
    const [tree, remote] = await Promise.all([client.categories(), readRemoteCatalog(client, settings, { snapshot })]);
    const unknown = unknownCategories(scope.categories, tree, {
      flags: flagsGiven,
      ...(loaded.settings.sources.scope ? { source: loaded.settings.sources.scope } : {}),
    });
    if (unknown.length > 0) return { ...empty, diagnostics: [...diagnostics, ...unknown], requests: client.counters() };
    if (remote.length === 0)
      diagnostics.push({
        severity: 'warning',
        code: 'import-nothing-in-scope',
        summary: 'Seller Center holds no products in the scope read, so no catalog file was written',
        detail: `scope: sku_prefixes [${scope.skuPrefixes.join(', ')}], categories [${scope.categories.join(', ')}]`,
      });
    const done = await writeImportFiles(remote, tree, {
      root: input.root,
      feeds: input.feeds,
      force: input.force,
      catalogDir: catalogDirOf(settings.files),
      ...(hasSettingsFile ? {} : { settingsText: settingsFileText(input.root, scope) }),
    });
    if ('clashes' in done) {
      const { clashes } = done;
      diagnostics.push({
        severity: 'error',
        code: 'import-would-overwrite',
        summary: `shelf import would overwrite ${clashes.length} existing file${clashes.length === 1 ? '' : 's'}: ${clashes.join(', ')}`,
        detail: 'Nothing was written. Use --force to overwrite them (commit your changes first).',
      });
      return { ...empty, diagnostics, requests: client.counters() };
    }
    const { written } = done;
    catalogWritten = done.catalogFiles > 0;
    // Only an import of the repository's whole scope replaces the earlier one: a narrower import
    // (another --category) or one that read nothing leaves the other imported files alone.
    const removed =
      input.force && ownScope && catalogWritten
        ? await removeStaleImports(input.root, settings.files, new Set(written.map((f) => f.path)), input.feeds)
        : [];

    const { check, problems } = await checkWrittenCatalog(input.root, remote);
    diagnostics.push(...problems);
    // Saved after the read-back rather than before it: encoding the snapshot of 100,000 records
    // makes some 50 MB of garbage, which, made before it, the read-back's parse worker found
    // still uncollected; after it, the catalog read back is gone and the worker has exited.
    if (catalogWritten || hasSettingsFile) await saveSnapshot?.();
    return {
      diagnostics,
      written,
      removed,
      skus: done.skus,
      families: done.families,
      products: done.products,
      requests: client.counters(),
      ...(check ? { check } : {}),
    };
  } catch (err) {
    if (isRemoteError(err)) return { ...empty, diagnostics: [...diagnostics, remoteErrorToDiagnostic(err)] };
    throw err;
  } finally {
    await client.close();
  }
}
