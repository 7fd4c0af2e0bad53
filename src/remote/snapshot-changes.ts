/**
 * What changed in a scope since its snapshot file was written, kept beside it
 * (`<hash>.changes`): the records that are new or different, the SKUs that left each
 * listing, and the header of the latest read (its server time, when it was saved, the page
 * size). Loading the snapshot applies them. After an incremental read of a large scope this is
 * all a save writes — a few hundred records instead of every record again.
 *
 * A changes file names the snapshot file it applies to (by the id each full save draws), so one
 * left behind by an older snapshot is ignored. Ignoring one is always safe: the snapshot file on
 * its own is an older, consistent picture of the scope, with the server time it was read at,
 * and the next read asks for everything changed since then — its counts still catch deletions.
 * Once the changes grow past a tenth of the scope, the next save writes the snapshot whole again.
 */
import { readFile } from 'node:fs/promises';
import type { RemoteProduct } from '../model/product.js';
import type { KnownProducts } from '../model/shared-values.js';
import { replaceFile } from './replace-file.js';
import { packListings, snapshotHeader, unpackListings } from './snapshot-records.js';
import type { Snapshot, SnapshotBase, SnapshotListing } from './snapshot-file.js';

/** Bumped whenever the layout changes: a changes file of another version is ignored. */
const CHANGES_FORMAT = 2;

/** Changes larger than this share of the snapshot file's records are saved as a whole snapshot. */
const MAX_CHANGED_SHARE = 0.1;

/** Beside the snapshot file: `<hash>.changes`. */
export function changesPath(file: string): string {
  return file.replace(/\.snapshot$/, '') + '.changes';
}

/** What changed in one listing: records new or newer (by SKU), and SKUs that left it. */
export interface ListingChanges {
  records: RemoteProduct[];
  removed: string[];
}

/** `records` with `changes` on top: those of their SKUs neither removed nor changed, in order, then the changed ones. */
function overlaid(records: readonly RemoteProduct[], changes: ListingChanges): RemoteProduct[] {
  const replaced = new Set(changes.removed);
  for (const p of changes.records) replaced.add(p.sku);
  return [...records.filter((p) => !replaced.has(p.sku)), ...changes.records];
}

/** Later changes on top of earlier ones (both relative to the same snapshot file). */
function combined(earlier: ListingChanges | undefined, later: ListingChanges): ListingChanges {
  if (!earlier) return later;
  return { records: overlaid(earlier.records, later), removed: [...new Set([...earlier.removed, ...later.removed])] };
}

/**
 * Writes the snapshot as its base's changes plus `delta` (what the latest read changed, per
 * listing), when that is possible and worth it; false means the caller saves the snapshot whole.
 * Only changes are handled here, never the scope's 100,000 records.
 */
export async function saveChanges(file: string, snapshot: Snapshot, base: SnapshotBase, delta: readonly ListingChanges[]): Promise<boolean> {
  if (base.file !== file || base.listings.length !== snapshot.listings.length || delta.length !== snapshot.listings.length) return false;
  if (!snapshot.listings.every((l, i) => l.query === base.listings[i]!.query)) return false;
  const listings = delta.map((d, i) => combined(base.changes[i], d));
  const baseRecords = base.listings.reduce((n, l) => n + l.records, 0);
  const changed = listings.reduce((n, l) => n + l.records.length + l.removed.length, 0);
  if (changed > baseRecords * MAX_CHANGED_SHARE) return false;
  const head = {
    format: CHANGES_FORMAT,
    base: base.id,
    ...snapshotHeader(snapshot),
    listings: snapshot.listings.map((l, i) => ({ query: l.query, removed: listings[i]!.removed })),
  };
  const body = packListings(head, listings.map((l) => l.records));
  await replaceFile(changesPath(file), body);
  return true;
}

/** The listing with its changes applied. */
function applied(listing: SnapshotListing, changes: ListingChanges): SnapshotListing {
  return { query: listing.query, records: overlaid(listing.records, changes) };
}

function readChanges(head: Record<string, unknown>, records: RemoteProduct[][], snapshot: Snapshot): ListingChanges[] {
  const { listings } = head;
  if (!Array.isArray(listings) || listings.length !== snapshot.listings.length || records.length !== listings.length) throw new Error('listings');
  return listings.map((l: unknown, i): ListingChanges => {
    const { query, removed } = (l ?? {}) as Record<string, unknown>;
    if (query !== snapshot.listings[i]!.query || !Array.isArray(removed) || !removed.every((s) => typeof s === 'string')) {
      throw new Error('listing');
    }
    return { records: records[i]!, removed: removed as string[] };
  });
}

/**
 * The snapshot with the changes saved since its file applied, and those changes; as it is, with
 * none, when there are none or none that apply.
 */
export async function withChanges(
  file: string,
  snapshot: Snapshot,
  baseId: string,
  known?: KnownProducts,
): Promise<{ snapshot: Snapshot; changes: ListingChanges[] }> {
  const none = { snapshot, changes: [] };
  let head: Record<string, unknown>;
  let changes: ListingChanges[];
  try {
    const unpacked = unpackListings(await readFile(changesPath(file)), known);
    head = unpacked.head;
    changes = readChanges(head, unpacked.listings, snapshot);
  } catch {
    return none;
  }
  const { serverTime, savedAt, pageSize } = head;
  const header =
    head.format === CHANGES_FORMAT &&
    head.base === baseId &&
    head.origin === snapshot.origin &&
    head.scope === snapshot.scope &&
    head.fullReadAt === snapshot.fullReadAt &&
    typeof savedAt === 'number' &&
    typeof pageSize === 'number' &&
    pageSize >= 1 &&
    (serverTime === null || (typeof serverTime === 'string' && !Number.isNaN(Date.parse(serverTime))));
  if (!header) return none;
  return {
    snapshot: {
      ...snapshot,
      serverTime: serverTime as string | null,
      savedAt,
      pageSize,
      listings: snapshot.listings.map((l, i) => applied(l, changes[i]!)),
    },
    changes,
  };
}
