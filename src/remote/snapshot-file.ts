/**
 * The snapshot of a remote scope in `.shelf/snapshots/`: every record of every listing the
 * last read covered, and the server's time that read began, so the next read can ask only for
 * what changed since. One file per API origin and scope (the name is a hash of both, and the
 * file repeats them, so a copied or renamed file is still recognised as foreign). It never
 * holds the token: only what PRD102 listed.
 *
 * Compact on purpose (100,000 SKUs must load in under a second): records are packed, repeated
 * values stored once (see snapshot-records; not compressed, as decompressing cost more time than
 * the bytes it saved, and CI caches compress anyway),
 * written to a temporary file and renamed so a killed run never leaves half a snapshot. After an
 * incremental read only what changed is saved, in a file beside it (see snapshot-changes).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RemoteProduct } from '../model/product.js';
import type { KnownProducts } from '../model/shared-values.js';
import { replaceFile } from './replace-file.js';
import { changesPath, type ListingChanges, saveChanges, withChanges } from './snapshot-changes.js';
import { packListings, snapshotHeader, unpackListings } from './snapshot-records.js';

/** Bumped whenever the layout changes: a snapshot of another version is not read. */
export const SNAPSHOT_FORMAT = 3;

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

/** `.shelf/snapshots/<hash of origin and scope>.snapshot` under the repository (packed, not JSON). */
export function snapshotPath(root: string, origin: string, scope: string): string {
  const hash = createHash('sha256').update(`${origin}\n${scope}`).digest('hex').slice(0, 20);
  return join(root, '.shelf', 'snapshots', `${hash}.snapshot`);
}

/**
 * The snapshot file a loaded snapshot came from and the changes saved since: a later save of the
 * same scope adds what its read changed and writes only the changes.
 */
export interface SnapshotBase {
  file: string;
  /** Drawn by every full save; a changes file names the snapshot file it applies to. */
  id: string;
  /** The snapshot file's listings: their queries and how many records each holds. */
  listings: readonly { query: string; records: number }[];
  /** The changes file's, per listing (none when there was none). */
  changes: readonly ListingChanges[];
}

/** What a read changed since the snapshot it started from, and the snapshot's base. */
export interface SnapshotDelta {
  base: SnapshotBase;
  changes: readonly ListingChanges[];
}

async function saveWhole(file: string, snapshot: Snapshot): Promise<void> {
  const head = {
    format: SNAPSHOT_FORMAT,
    id: randomUUID(),
    ...snapshotHeader(snapshot),
    queries: snapshot.listings.map((l) => l.query),
  };
  await replaceFile(file, packListings(head, snapshot.listings.map((l) => l.records)));
  // After the rename: a changes file left by a killed run names the old id and is ignored.
  await rm(changesPath(file), { force: true });
  // The plain-JSON snapshot earlier versions kept under the same name: no longer read.
  if (file.endsWith('.snapshot')) await rm(file.replace(/\.snapshot$/, '.json'), { force: true });
}

/**
 * Saves the snapshot. Given what changed since the snapshot it was read from, and when little
 * changed since that snapshot's file (an incremental read of a large scope), only the changes
 * are written, beside it: saving
 * 100,000 records again after a read of 1,000 changes was a sixth of a plan's local work.
 */
export async function saveSnapshot(file: string, snapshot: Snapshot, delta?: SnapshotDelta): Promise<void> {
  if (delta && (await saveChanges(file, snapshot, delta.base, delta.changes))) return;
  await saveWhole(file, snapshot);
}

/**
 * A missing file is `missing`; anything unreadable or malformed is a `problem` (the read falls
 * back). Records share the strings and image lists of `known` products where they are the same.
 */
export async function loadSnapshot(file: string, known?: KnownProducts): Promise<LoadedSnapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { problem: `the snapshot cannot be read (${code ?? String(err)})` };
  }
  let loaded: { snapshot: Snapshot; id: string };
  try {
    const { head, listings } = unpackListings(bytes, known);
    if (head.format !== SNAPSHOT_FORMAT) return { problem: `the snapshot was written in another format (${String(head.format)})` };
    const { origin, scope, serverTime, savedAt, fullReadAt, pageSize, queries, id } = head;
    const header =
      typeof origin === 'string' &&
      typeof scope === 'string' &&
      typeof savedAt === 'number' &&
      typeof fullReadAt === 'number' &&
      typeof pageSize === 'number' &&
      pageSize >= 1 &&
      typeof id === 'string' &&
      Array.isArray(queries) &&
      queries.length === listings.length &&
      queries.every((q) => typeof q === 'string') &&
      (serverTime === null || (typeof serverTime === 'string' && !Number.isNaN(Date.parse(serverTime))));
    if (!header) throw new Error('header');
    const read = listings.map((records, i): SnapshotListing => ({ query: queries[i] as string, records }));
    const snapshot = { origin, scope, serverTime: serverTime as string | null, savedAt, fullReadAt, pageSize, listings: read };
    loaded = { snapshot, id };
  } catch {
    // Another format first: its head may not even be packed.
    if (bytes.subarray(0, 12).toString('latin1').startsWith('{"format":')) {
      return { problem: `the snapshot was written in another format (${/^\{"format":(\d+)/.exec(bytes.toString('latin1', 0, 24))?.[1] ?? '?'})` };
    }
    return { problem: 'the snapshot is corrupt' };
  }
  const { snapshot, changes } = await withChanges(file, loaded.snapshot, loaded.id, known);
  const listings = loaded.snapshot.listings.map((l) => ({ query: l.query, records: l.records.length }));
  return { snapshot, base: { file, id: loaded.id, listings, changes } };
}
