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
import type { Settings } from '../model/settings.js';
import { catalogDirOf } from '../import/catalog-dir.js';
import { type ImportFile, layoutImport } from '../import/layout.js';
import { ignoreLocalState, schemaCopies, schemaHint } from '../import/repository-files.js';
import { settingsFileText } from '../import/settings-file.js';
import { type RemovedFile, removeStaleImports } from '../import/stale-files.js';
import { diffCatalog } from '../plan/diff.js';
import type { Plan } from '../plan/types.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { RequestCounters } from '../remote/types.js';
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
  written: ImportFile[];
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
    const catalogDir = catalogDirOf(settings.files);
    const layout = layoutImport(remote, tree, {
      feeds: input.feeds,
      catalogDir,
      schemaHint: schemaHint('catalog', join(input.root, catalogDir), input.root),
    });
    const files = [...layout.files];
    if (!hasSettingsFile) files.unshift({ path: 'shelf.yaml', content: settingsFileText(input.root, scope), skus: 0 });
    // The hints point at the repository's own schema copies: written when missing or outdated.
    for (const copy of await schemaCopies()) {
      const current = await readFile(join(input.root, copy.path), 'utf8').catch(() => undefined);
      if (layout.files.length > 0 && current !== copy.content) files.push({ ...copy, skus: 0 });
    }

    const clashes = layout.files.filter((f) => existsSync(join(input.root, f.path)));
    if (clashes.length > 0 && !input.force) {
      diagnostics.push({
        severity: 'error',
        code: 'import-would-overwrite',
        summary: `shelf import would overwrite ${clashes.length} existing file${clashes.length === 1 ? '' : 's'}: ${clashes.map((f) => f.path).join(', ')}`,
        detail: 'Nothing was written. Use --force to overwrite them (commit your changes first).',
      });
      return { ...empty, diagnostics, requests: client.counters() };
    }
    await writeAtomically(input.root, files);
    if (layout.files.length > 0 && (await ignoreLocalState(input.root))) files.push({ path: '.gitignore', content: '', skus: 0 });
    catalogWritten = layout.files.length > 0;
    if (catalogWritten || hasSettingsFile) await saveSnapshot?.();
    // Only an import of the repository's whole scope replaces the earlier one: a narrower import
    // (another --category) or one that read nothing leaves the other imported files alone.
    const removed =
      input.force && ownScope && layout.files.length > 0
        ? await removeStaleImports(input.root, settings.files, new Set(files.map((f) => f.path)), input.feeds)
        : [];

    // Read the files back exactly as `plan` will, and diff them against what was just read. No
    // parse-cache entry is written here: encoding one for a 100,000-SKU file, while the remote
    // records are still held, lifted import's peak from ~600 to ~770 MB; the first plan writes it.
    const catalog = await loadCatalog(input.root, { allowNoRepository: true, parseCacheMinBytes: Number.POSITIVE_INFINITY });
    diagnostics.push(...catalog.diagnostics);
    const check = hasErrors(catalog.diagnostics) ? undefined : diffCatalog(catalog, remote);
    return {
      diagnostics,
      written: files,
      removed,
      skus: layout.skus,
      families: layout.families,
      products: layout.products,
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
