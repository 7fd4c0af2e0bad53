/**
 * The desired catalog of a repository: settings, every catalog file matched by `files:`, merged
 * by SKU. Never throws for anything the user can fix: every problem is a diagnostic.
 */
import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DesiredCatalog } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CatalogFileResult } from './build-file.js';
import { discoverCatalogFiles, type FoundFile } from './find-files.js';
import { LIMITS } from './limits.js';
import { defaultSettings, loadSettings } from './load-settings.js';
import { CatalogMerger } from './merge-catalog.js';
import { parseCatalogFile } from './parse-file.js';
import { PARSE_CACHE_MIN_BYTES, parseCacheIdentityPath, parseCacheKey, readCachedParse, writeCachedParse, writeParseCacheIdentity } from './parse-cache.js';
import { contentHash, fileContentHash, identityOf, identityRecord, trustedHash } from './parse-cache-identity.js';
import { type ParseInput, parseFilesInPieces, shouldParseInPieces } from './parallel/pool.js';
import { readFileShared } from './parallel/shared-bytes.js';
import { unreadablePath } from './path-problems.js';
import { hasSettingsFile, notARepository } from './repository-check.js';

function unreadable(file: string, err: unknown): { diagnostic: Diagnostic } {
  return { diagnostic: { ...unreadablePath(file, 'file', err), source: { file, line: 1, column: 1 } } };
}

/**
 * A catalog file as the loader takes it: its parse result when the cache holds it for the file as
 * it is, otherwise its bytes — with, for a large file, the key to cache its result under and the
 * identity record to keep beside it (see parse-cache-identity).
 */
interface CatalogInput extends Partial<ParseInput> {
  file: string;
  cached?: CatalogFileResult;
  key?: string;
  identity?: string;
}

/**
 * Reads a file discovery found, by its real path: the one checked to lie inside the repository.
 * A large file whose identity on disk vouches for bytes the parse cache holds a result of is
 * not read at all; any other large file is hashed a piece at a time, and read whole only when
 * the cache holds no result for that hash.
 */
async function readCatalogFile(
  root: string,
  found: FoundFile,
  cache: { minBytes: number; now: () => number },
): Promise<{ input?: CatalogInput; diagnostic?: Diagnostic }> {
  const { path: file, realPath: path } = found;
  let info: BigIntStats;
  try {
    info = await stat(path, { bigint: true });
  } catch (err) {
    return unreadable(file, err);
  }
  const seenAt = cache.now();
  if (info.size > BigInt(LIMITS.maxFileBytes)) {
    return {
      diagnostic: {
        severity: 'error',
        code: 'file-too-large',
        summary: `The file is ${info.size} bytes, more than the limit of ${LIMITS.maxFileBytes}`,
        detail: 'Split the catalog into several files (any file may hold any part of it).',
        source: { file, line: 1, column: 1 },
      },
    };
  }
  const cacheable = Number(info.size) >= cache.minBytes;
  const identity = identityOf(info);
  const known = cacheable ? await trustedHash(parseCacheIdentityPath(root, file), identity) : undefined;
  if (known !== undefined) {
    const cached = await readCachedParse(root, file, parseCacheKey(file, known));
    if (cached) return { input: { file, cached } };
  }
  // Not vouched for (a fresh checkout, an edit): the hash of the bytes may still find the entry.
  let hashed: string | undefined;
  if (cacheable && known === undefined) {
    try {
      hashed = await fileContentHash(path);
    } catch (err) {
      return unreadable(file, err);
    }
    const cached = await readCachedParse(root, file, parseCacheKey(file, hashed));
    if (cached) {
      // Found by the hash of the bytes: the identity may vouch for them from now on.
      await writeParseCacheIdentity(root, file, identityRecord(identity, hashed, seenAt));
      return { input: { file, cached } };
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFileShared(path);
  } catch (err) {
    return unreadable(file, err);
  }
  if (!cacheable) return { input: { file, bytes } };
  // The cache was asked and had nothing usable: these bytes are parsed, and their result cached
  // under their own hash (the file may have changed since it was hashed above).
  const hash = contentHash(bytes);
  return { input: { file, bytes, key: parseCacheKey(file, hash), identity: identityRecord(identity, hash, seenAt) } };
}

export interface LoadOptions {
  /**
   * Accept a directory with neither shelf.yaml nor catalog files as an empty catalog. Only
   * `import` wants this (it reads back what it wrote, which may be nothing); everything else
   * refuses such a directory, because it is almost always the wrong one.
   */
  allowNoRepository?: boolean;
  /** Files of at least this many bytes have their parse result cached in `.shelf/parsed/` (tests lower it). */
  parseCacheMinBytes?: number;
  /** The clock file times are compared with (parse-cache-identity; tests move it). */
  now?: () => number;
}

/**
 * Every file's parse result, handed to `add` in input order: large files from the parse cache
 * when they are unchanged, the others parsed (in pieces, in worker threads where there are
 * cores to spare, when there is enough to parse)
 * and the large ones among them cached for the next run.
 */
async function parseAll(root: string, inputs: readonly CatalogInput[], add: (result: CatalogFileResult) => void): Promise<void> {
  const cached = inputs.map((i) => i.cached);
  const misses = inputs.flatMap((_, k) => (cached[k] ? [] : [k]));
  // Results arrive in input order for the misses; each is handed on as soon as every file before it is.
  const results: (CatalogFileResult | undefined)[] = [...cached];
  let next = 0;
  const flush = () => {
    while (next < inputs.length && results[next]) add(results[next++]!);
  };
  flush();
  let parsed = 0;
  const fresh = (r: CatalogFileResult) => {
    results[misses[parsed++]!] = r;
    flush();
  };
  const toParse = misses.map((k) => ({ file: inputs[k]!.file, bytes: inputs[k]!.bytes! }));
  if (shouldParseInPieces(toParse)) await parseFilesInPieces(toParse, fresh);
  else for (const i of toParse) fresh(parseCatalogFile(i.bytes, i.file));
  // Saved before the caller's merge applies feeds to the products (it changes them in place).
  await Promise.all(
    misses.map(async (k) => {
      const { file, key, identity } = inputs[k]!;
      if (!key) return;
      await writeCachedParse(root, file, key, results[k]!);
      await writeParseCacheIdentity(root, file, identity);
    }),
  );
}

export async function loadCatalog(dir: string, options: LoadOptions = {}): Promise<DesiredCatalog> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    return {
      settings: defaultSettings(root),
      products: new Map(),
      files: [],
      diagnostics: [
        {
          severity: 'error',
          code: info ? 'not-a-directory' : 'dir-not-found',
          summary: info ? `${dir} is not a directory` : `The catalog directory ${dir} does not exist`,
          detail: 'Give the directory that holds shelf.yaml and the catalog files (default: the current directory).',
        },
      ],
    };
  }
  const { settings, diagnostics, filesInvalid } = await loadSettings(root);
  const discovery = await discoverCatalogFiles(root, settings.files);
  diagnostics.push(...discovery.diagnostics);
  const files = discovery.files.map((f) => f.path);
  const nothingFound = files.length === 0 && discovery.diagnostics.length === 0;
  if (nothingFound && !filesInvalid && !options.allowNoRepository && !(await hasSettingsFile(root))) {
    return { settings, products: new Map(), files, diagnostics: [...diagnostics, await notARepository(root, settings.files)] };
  }
  // A path that could not be taken, or `files:` itself being wrong, is already an error; "no files match" would only repeat it.
  if (nothingFound && !filesInvalid) {
    const d: Diagnostic = {
      severity: 'warning',
      code: 'no-catalog-files',
      summary: `No catalog files match ${settings.files.join(', ')}`,
      detail: 'Put catalog files under catalog/ or set `files:` in shelf.yaml.',
    };
    if (settings.sources.files) d.source = settings.sources.files;
    diagnostics.push(d);
  }
  const inputs: CatalogInput[] = [];
  const cache = { minBytes: options.parseCacheMinBytes ?? PARSE_CACHE_MIN_BYTES, now: options.now ?? Date.now };
  for (const found of discovery.files) {
    const read = await readCatalogFile(root, found, cache);
    if (read.diagnostic) diagnostics.push(read.diagnostic);
    if (read.input) inputs.push(read.input);
  }
  const merger = new CatalogMerger();
  await parseAll(root, inputs, (r) => {
    for (const d of r.diagnostics) diagnostics.push(d);
    merger.add(r);
  });
  const merged = merger.finish();
  diagnostics.push(...merged.diagnostics);
  return { settings, products: merged.products, files, diagnostics };
}
