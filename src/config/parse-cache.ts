/**
 * Each large catalog file's parse result, kept in `.shelf/parsed/` so an unchanged file is never
 * parsed again: parsing and checking 100,000 SKUs of YAML costs seconds of CPU, reading back the
 * result a fraction of that. One entry per catalog file (named by a hash of its path, so an
 * edited file replaces its own entry and stale entries do not pile up), holding the key it was
 * made for and the result (see parse-cache-entry).
 *
 * The key hashes the cache layout, shelf's version (which fixes the parser, the schemas and the
 * limits: nothing in shelf.yaml changes how a file parses), the file's path (diagnostics and
 * positions carry it) and the hash of its bytes (which its identity on disk may vouch for,
 * sparing the read: see parse-cache-identity). A result depends on nothing else, so a hit is what a fresh
 * parse would give, diagnostics included. The entry repeats a checksum of its body: a truncated
 * or altered entry, or any that does not decode, is ignored and the file parsed. The entry holds
 * only what the catalog file itself says — never the token, which no catalog file is read for.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../package-info.js';
import type { CatalogFileResult } from './build-file.js';
import { packEntry, unpackEntry } from './parse-cache-entry.js';

/** Bumped whenever the entry layout or the wire form changes. */
export const PARSE_CACHE_FORMAT = 4;

/** Files smaller than this parse faster than an entry is read and checked: not cached. */
export const PARSE_CACHE_MIN_BYTES = 256 * 1024;

const sha256 = () => createHash('sha256');

export function parseCacheEntryPath(root: string, file: string): string {
  return join(root, '.shelf', 'parsed', `${sha256().update(file).digest('hex').slice(0, 20)}.parsed`);
}

/** Where the identity of the file whose entry this is, and the hash of its bytes, are kept (see parse-cache-identity). */
export function parseCacheIdentityPath(root: string, file: string): string {
  return parseCacheEntryPath(root, file).replace(/\.parsed$/, '.file.json');
}

/** What a parse result of this file depends on, given the hash of its bytes (parse-cache-identity's contentHash). */
export function parseCacheKey(file: string, bytesHash: string): string {
  return sha256().update(`shelf-parse ${PARSE_CACHE_FORMAT} ${VERSION} ${endianness()}\n${file}\n${bytesHash}`).digest('hex');
}

/** The entry's two parts: its head (key and checksum lines) and its body, written one after the other. */
function entryParts(key: string, result: CatalogFileResult): Buffer[] | undefined {
  const body = packEntry(result);
  if (!body) return undefined;
  // Not concatenated: for a 100,000-SKU file that would be one more copy of tens of MB at the peak.
  const checksum = sha256();
  for (const part of body) checksum.update(part);
  // The checksum line is padded so the body starts on a 4-byte boundary (see model/packed).
  const lines = `${key}\n${checksum.digest('hex')}`;
  return [Buffer.from(`${lines.padEnd(lines.length + ((4 - ((lines.length + 1) % 4)) % 4))}\n`), ...body];
}

/** The cached result for this file and key, or undefined (none, stale, corrupt, unreadable). */
export async function readCachedParse(root: string, file: string, key: string): Promise<CatalogFileResult | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(parseCacheEntryPath(root, file));
  } catch {
    return undefined;
  }
  // Checked on the bytes, before any is decoded: hashing the body's text would first re-encode it.
  const first = bytes.indexOf(10);
  const second = bytes.indexOf(10, first + 1);
  if (first < 0 || second < 0 || bytes.toString('latin1', 0, first) !== key) return undefined;
  const body = bytes.subarray(second + 1);
  if (sha256().update(body).digest('hex') !== bytes.toString('latin1', first + 1, second).trimEnd()) return undefined;
  try {
    const result = unpackEntry(body);
    return result.file === file ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Writes parts one after the other to a temporary file renamed over `path`; false if it could not. */
async function writeWhole(root: string, path: string, parts: readonly Uint8Array[]): Promise<boolean> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(join(root, '.shelf', 'parsed'), { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      // writeFile on a handle writes all of each part, from where the last one ended.
      for (const part of parts) await handle.writeFile(part);
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return true;
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Saves a fresh result; a cache that cannot be written only costs the next run a parse. */
export async function writeCachedParse(root: string, file: string, key: string, result: CatalogFileResult): Promise<void> {
  const parts = entryParts(key, result);
  if (parts === undefined) return;
  const path = parseCacheEntryPath(root, file);
  // The entry earlier versions kept under another name: no longer read.
  if (await writeWhole(root, path, parts)) await rm(path.replace(/\.parsed$/, '.json'), { force: true }).catch(() => undefined);
}

/** Keeps the file's identity beside its entry, when it may vouch for the bytes (see parse-cache-identity). */
export async function writeParseCacheIdentity(root: string, file: string, record: string | undefined): Promise<void> {
  if (record !== undefined) await writeWhole(root, parseCacheIdentityPath(root, file), [Buffer.from(record)]);
}
