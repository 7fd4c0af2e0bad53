/**
 * The snapshot of a remote scope in `.shelf/snapshots/`: every record of every listing the
 * last read covered, and the server's time that read began, so the next read can ask only for
 * what changed since. One file per API origin and scope (the name is a hash of both, and the
 * file repeats them, so a copied or renamed file is still recognised as foreign). It never
 * holds the token: only what PRD102 listed.
 *
 * Compact on purpose (100,000 SKUs must load in under a second): records are columns with
 * repeated values interned, in plain JSON (about 15 MB for 100,000 SKUs; not compressed, as
 * decompressing cost more time than the bytes it saved, and CI caches compress anyway),
 * written to a temporary file and renamed so a killed run never leaves half a snapshot. After an
 * incremental read only what changed is saved, in a file beside it (see snapshot-changes).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RemoteProduct } from '../model/product.js';
import { replaceFile } from './replace-file.js';
import { changesPath, saveChanges, withChanges } from './snapshot-changes.js';
import { decoder, encoder } from './snapshot-columns.js';

/** Bumped whenever the layout changes: a snapshot of another version is not read. */
export const SNAPSHOT_FORMAT = 2;

export interface SnapshotListing {
  /** The listing's filter, as a canonical query string (approved included). */
  query: string;
  /** Its records as read, one per SKU. */
  records: RemoteProduct[];
}

export interface Snapshot {
  origin: string;
  /** The scope's canonical key (see scopeKey in the read pipeline). */
  scope: string;
  /**
   * The server's clock (its `Date` header) when the read that made this snapshot began: every
   * change stamped from then on is read again next time. Null: not usable for an incremental read.
   */
  serverTime: string | null;
  /** The client's clock when it was saved (ms), never used for stamps. */
  savedAt: number;
  /**
   * The client's clock when the scope was last read in full (ms): the age limit counts from here,
   * so incremental reads, which save a new snapshot each time, cannot put off the next full read.
   */
  fullReadAt: number;
  /** The largest page the API served (what a full read of these listings would cost). */
  pageSize: number;
  listings: SnapshotListing[];
}

export type LoadedSnapshot = { snapshot: Snapshot; base: SnapshotBase } | { missing: true } | { problem: string };

/** `.shelf/snapshots/<hash of origin and scope>.json` under the repository. */
export function snapshotPath(root: string, origin: string, scope: string): string {
  const hash = createHash('sha256').update(`${origin}\n${scope}`).digest('hex').slice(0, 20);
  return join(root, '.shelf', 'snapshots', `${hash}.json`);
}

/**
 * The snapshot file a loaded snapshot came from, as it was before its changes file was applied:
 * a later save of the same scope compares with it and writes only what changed since.
 */
export interface SnapshotBase {
  file: string;
  /** Set by every full save; a changes file names the snapshot file it applies to. */
  id: string | undefined;
  listings: readonly SnapshotListing[];
}

async function saveWhole(file: string, snapshot: Snapshot): Promise<void> {
  const { toColumns, strings, attributes } = encoder();
  const listings = snapshot.listings.map((l) => ({ query: l.query, records: toColumns(l.records) }));
  const body = {
    format: SNAPSHOT_FORMAT,
    id: randomUUID(),
    origin: snapshot.origin,
    scope: snapshot.scope,
    serverTime: snapshot.serverTime,
    savedAt: snapshot.savedAt,
    fullReadAt: snapshot.fullReadAt,
    pageSize: snapshot.pageSize,
    strings,
    attributes,
    listings,
  };
  await replaceFile(file, JSON.stringify(body));
  // After the rename: a changes file left by a killed run names the old id and is ignored.
  await rm(changesPath(file), { force: true });
}

/**
 * Saves the snapshot. Given the base it was loaded from, and when little changed since that
 * file (an incremental read of a large scope), only the changes are written, beside it: saving
 * 100,000 records again after a read of 1,000 changes was a sixth of a plan's local work.
 */
export async function saveSnapshot(file: string, snapshot: Snapshot, base?: SnapshotBase): Promise<void> {
  if (base && (await saveChanges(file, snapshot, base))) return;
  await saveWhole(file, snapshot);
}

/** A missing file is `missing`; anything unreadable or malformed is a `problem` (the read falls back). */
export async function loadSnapshot(file: string): Promise<LoadedSnapshot> {
  let bytes: string;
  try {
    bytes = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { problem: `the snapshot cannot be read (${code ?? String(err)})` };
  }
  let loaded: { snapshot: Snapshot; id: string | undefined };
  try {
    const body = JSON.parse(bytes) as Record<string, unknown>;
    if (body.format !== SNAPSHOT_FORMAT) return { problem: `the snapshot was written in another format (${String(body.format)})` };
    const { origin, scope, serverTime, savedAt, pageSize, listings, id } = body;
    if (typeof origin !== 'string' || typeof scope !== 'string' || typeof savedAt !== 'number' || !Array.isArray(listings)) {
      throw new Error('header');
    }
    if (typeof pageSize !== 'number' || !(pageSize >= 1) || (id !== undefined && typeof id !== 'string')) {
      throw new Error('header');
    }
    if (serverTime !== null && (typeof serverTime !== 'string' || Number.isNaN(Date.parse(serverTime)))) throw new Error('serverTime');
    const fromColumns = decoder(body.strings, body.attributes);
    const read = listings.map((l: unknown): SnapshotListing => {
      const { query, records } = (l ?? {}) as Record<string, unknown>;
      if (typeof query !== 'string') throw new Error('listing');
      return { query, records: fromColumns(records) };
    });
    // A snapshot saved before fullReadAt was recorded: its save is the latest full read it can vouch for.
    const fullReadAt = typeof body.fullReadAt === 'number' ? body.fullReadAt : savedAt;
    const snapshot = { origin, scope, serverTime: serverTime as string | null, savedAt, fullReadAt, pageSize, listings: read };
    loaded = { snapshot, id };
  } catch {
    return { problem: 'the snapshot is corrupt' };
  }
  const base: SnapshotBase = { file, id: loaded.id, listings: loaded.snapshot.listings };
  return { snapshot: await withChanges(file, loaded.snapshot, base), base };
}
