/**
 * The category attribute schemas (CTG102) a repository has read, kept in
 * `<repo>/.shelf/category-schemas.json` per API origin, so a plan of 10,000 products over 50
 * categories reads each category's attributes once a day rather than once a run.
 *
 * Lifetime: an entry is used for SCHEMA_CACHE_LIFETIME_MS (24 hours) after it was read; the
 * plan pipeline reads a category again before it refuses a product on a cached entry, so a
 * schema changed on the marketplace's side never blocks a plan for long. The file holds the
 * origin, the category id, when it was read (epoch ms) and the attributes: never the token.
 * A missing, unreadable, corrupt or foreign-version file is an empty cache; writes go to a
 * temporary file renamed over the old one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from './replace-file.js';
import type { CategoryAttribute } from './types.js';

export const SCHEMA_CACHE_VERSION = 1;
export const SCHEMA_CACHE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function schemaCachePath(root: string): string {
  return join(root, '.shelf', 'category-schemas.json');
}

export interface CachedSchema {
  attributes: CategoryAttribute[];
  /** Epoch ms when it was read from the API. */
  fetchedAt: number;
}

interface Entry {
  origin: string;
  category: string;
  fetched_at: number;
  attributes: CategoryAttribute[];
}

function isAttribute(v: unknown): v is CategoryAttribute {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return (
    typeof a.key === 'string' &&
    typeof a.name === 'string' &&
    typeof a.dataType === 'string' &&
    typeof a.isRequired === 'boolean' &&
    typeof a.isOffer === 'boolean' &&
    Array.isArray(a.values) &&
    a.values.every((x) => typeof x === 'string')
  );
}

function isEntry(v: unknown): v is Entry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.origin === 'string' &&
    typeof e.category === 'string' &&
    typeof e.fetched_at === 'number' &&
    Number.isFinite(e.fetched_at) &&
    Array.isArray(e.attributes) &&
    e.attributes.every(isAttribute)
  );
}

async function readEntries(file: string): Promise<Entry[]> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    if (doc?.shelf_category_schemas !== SCHEMA_CACHE_VERSION || !Array.isArray(doc.entries)) return [];
    return doc.entries.filter(isEntry).map((e) => ({
      ...e,
      attributes: e.attributes.map((a) => ({ ...a, isVariant: a.isVariant === true, isLocalizable: a.isLocalizable === true })),
    }));
  } catch {
    return [];
  }
}

/**
 * The cached schemas of one origin. With `maxAgeMs`, only entries read within it (relative to
 * `now`); without, every entry (validate, offline, uses whatever it has).
 */
export async function readCachedSchemas(
  file: string,
  origin: string,
  opts: { now: number; maxAgeMs?: number },
): Promise<Map<string, CachedSchema>> {
  const out = new Map<string, CachedSchema>();
  for (const e of await readEntries(file)) {
    if (e.origin !== origin) continue;
    if (opts.maxAgeMs !== undefined && (opts.now - e.fetched_at > opts.maxAgeMs || e.fetched_at > opts.now + 60_000)) continue;
    const known = out.get(e.category);
    if (!known || known.fetchedAt < e.fetched_at) out.set(e.category, { attributes: e.attributes, fetchedAt: e.fetched_at });
  }
  return out;
}

/** The origins the cache holds schemas for (validate, when no URL is configured). */
export async function cachedOrigins(file: string): Promise<string[]> {
  return [...new Set((await readEntries(file)).map((e) => e.origin))];
}

/**
 * Records freshly read schemas of one origin, keeping other origins' entries and dropping
 * expired ones. Returns the error code when the file cannot be written (the cache is a
 * courtesy: the caller warns and goes on).
 */
export async function saveSchemas(
  file: string,
  origin: string,
  fresh: ReadonlyMap<string, CategoryAttribute[]>,
  now: number,
): Promise<string | undefined> {
  if (fresh.size === 0) return undefined;
  const kept = (await readEntries(file)).filter(
    (e) => now - e.fetched_at <= SCHEMA_CACHE_LIFETIME_MS && !(e.origin === origin && fresh.has(e.category)),
  );
  for (const [category, attributes] of fresh) kept.push({ origin, category, fetched_at: now, attributes });
  try {
    await replaceFile(file, `${JSON.stringify({ shelf_category_schemas: SCHEMA_CACHE_VERSION, entries: kept })}\n`);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EIO';
  }
}
