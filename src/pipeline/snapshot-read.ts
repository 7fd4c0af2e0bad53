/**
 * A read of the whole scope that goes through the snapshot: incremental when the snapshot can
 * be trusted (same origin, scope and format, not corrupt, younger than the age limit, and the
 * counts agree), otherwise — or with --full-read — a full read; either leaves a new snapshot.
 * A fallback for a reason other than "there is no snapshot yet" is said in one line.
 */
import type { RemoteProduct } from '../model/product.js';
import type { Settings } from '../model/settings.js';
import type { KnownProducts } from '../model/shared-values.js';
import { loadSnapshot, saveSnapshot, type Snapshot, type SnapshotBase, type SnapshotDelta, type SnapshotListing, snapshotPath } from '../remote/snapshot-file.js';
import { PAGE_LIMIT } from '../remote/list-products.js';
import type { ListingPage, SellerCenterClient } from '../remote/types.js';
import { READ_OVERLAP_MS, readIncrementally, readListing } from './incremental-read.js';
import { mergeListings, scopeKey, scopeListings, type ScopeListing } from './scope-listings.js';

/**
 * A snapshot older than this (by the clock of the machine that saved it) is not trusted: a
 * change that moved no `updated_at` (a fix made in the database, an import that kept stamps)
 * would otherwise stay unseen for good. One full read a day bounds how long it can hide.
 */
export const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface SnapshotReadOptions {
  /** The repository whose `.shelf/snapshots/` holds the snapshot. */
  root: string;
  /** The API origin (scheme, host, port) the client talks to. */
  origin: string;
  /** --full-read: ignore the snapshot (a new one is still written). */
  fullRead?: boolean;
  /** Told, in one line, why a snapshot that exists was not used. */
  notice?: (line: string) => void;
  /** A snapshot that cannot be saved: the run goes on, the next read is a full one. */
  warn?: (message: string) => void;
  /**
   * Only an incremental read: resolve undefined instead of reading in full (for a caller that
   * has a cheaper read of its own to fall back to, such as `apply PLANFILE`'s per-SKU reads).
   */
  incrementalOnly?: boolean;
  /** Save the new snapshot later (import saves it once the catalog is written); default: at once. */
  deferSave?: (save: () => Promise<void>) => void;
  /** The catalog's products: records the same as theirs share their strings (see model/shared-values). */
  known?: KnownProducts;
  /** The client's clock, for the age limit only (tests inject one). */
  now?: () => number;
  overlapMs?: number;
}

export interface SnapshotReadResult {
  remote: RemoteProduct[];
  incremental: boolean;
}

type Doubt = { doubt: string } | { missing: true };

async function trustedSnapshot(
  file: string,
  origin: string,
  scope: string,
  now: number,
  known: KnownProducts | undefined,
): Promise<{ snapshot: Snapshot; base: SnapshotBase } | Doubt> {
  const loaded = await loadSnapshot(file, known);
  if ('missing' in loaded) return loaded;
  if ('problem' in loaded) return { doubt: loaded.problem };
  const { snapshot } = loaded;
  if (snapshot.origin !== origin) return { doubt: `the snapshot was made against another API origin (${snapshot.origin})` };
  if (snapshot.scope !== scope) return { doubt: 'the snapshot was made for another scope' };
  const age = now - snapshot.fullReadAt;
  if (age > SNAPSHOT_MAX_AGE_MS) return { doubt: `the scope was last read in full ${Math.floor(age / 3_600_000)} h ago (a full read is due every 24 h)` };
  return loaded;
}

/** Every record of every listing, and the server time the read began (null when it cannot anchor a later read). */
async function readInFull(
  client: SellerCenterClient,
  listings: readonly ScopeListing[],
  onPage: (page: ListingPage) => void,
): Promise<{ listings: SnapshotListing[]; serverTime: string | null }> {
  let serverTime: string | undefined;
  const out: SnapshotListing[] = [];
  for (const listing of listings) {
    const records = await readListing(client, listing.filter, (page) => {
      serverTime ??= page.date;
      onPage(page);
    });
    out.push({ query: listing.query, records });
  }
  // A record without a readable stamp could never be found by a later `updated_at__gte`.
  const stamped = out.every((l) => l.records.every((p) => p.updated_at !== undefined && !Number.isNaN(Date.parse(p.updated_at))));
  const anchored = serverTime !== undefined && !Number.isNaN(Date.parse(serverTime)) && stamped;
  return { listings: out, serverTime: anchored ? serverTime! : null };
}

/** Requests a full read of the snapshot's listings would take, at the page size the API served. */
function fullReadCost(snapshot: Snapshot): number {
  return snapshot.listings.reduce((n, l) => n + Math.max(1, Math.ceil(l.records.length / snapshot.pageSize)), 0);
}

/** The fewest requests an incremental read takes: one page of changes and one count per listing. */
export function incrementalReadCost(listings: number): number {
  return 2 * listings;
}

export async function readScopeWithSnapshot(
  client: SellerCenterClient,
  settings: Settings,
  filters: Parameters<typeof scopeListings>[0],
  options: SnapshotReadOptions,
  onPage: (page: ListingPage) => void,
): Promise<SnapshotReadResult | undefined> {
  const listings = scopeListings(filters);
  const scope = scopeKey(listings);
  const file = snapshotPath(options.root, options.origin, scope);
  const now = options.now ?? Date.now;
  let pageSize: number | undefined;
  const onAnyPage = (page: ListingPage) => {
    // A first page shorter than its listing shows the server's page size.
    if (page.first && page.count !== undefined && page.items > 0 && page.items < page.count) pageSize = Math.max(pageSize ?? 0, page.items);
    onPage(page);
  };
  let previousPageSize = PAGE_LIMIT;
  let read: { listings: SnapshotListing[]; serverTime: string | null } | undefined;
  let incremental = false;
  let lastFullRead: number | undefined;
  let delta: SnapshotDelta | undefined;
  if (!options.fullRead) {
    const trusted = await trustedSnapshot(file, options.origin, scope, now(), options.known);
    let doubt = 'doubt' in trusted ? trusted.doubt : undefined;
    if ('snapshot' in trusted) {
      previousPageSize = trusted.snapshot.pageSize;
      lastFullRead = trusted.snapshot.fullReadAt;
    }
    // A scope of a page or so per listing costs no more to read in full than to read its changes.
    const worthIt = 'snapshot' in trusted && (options.incrementalOnly || fullReadCost(trusted.snapshot) > incrementalReadCost(listings.length));
    if ('snapshot' in trusted && worthIt) {
      const result = await readIncrementally(client, trusted.snapshot, listings, {
        overlapMs: options.overlapMs ?? READ_OVERLAP_MS,
        onPage: onAnyPage,
      });
      if ('doubt' in result) doubt = result.doubt;
      else {
        read = result;
        incremental = true;
        delta = { base: trusted.base, changes: result.changes };
      }
    }
    if (!read && options.incrementalOnly) return undefined;
    if (doubt !== undefined) options.notice?.(`reading the whole scope: ${doubt}`);
  }
  read ??= await readInFull(client, listings, onAnyPage);
  const snapshot: Snapshot = {
    origin: options.origin,
    scope,
    serverTime: read.serverTime,
    savedAt: now(),
    fullReadAt: incremental && lastFullRead !== undefined ? lastFullRead : now(),
    pageSize: pageSize ?? (incremental ? previousPageSize : PAGE_LIMIT),
    listings: read.listings,
  };
  const save = () =>
    saveSnapshot(file, snapshot, delta).catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      options.warn?.(`cannot save the snapshot of the remote scope in .shelf/snapshots (${code}); the next read will read the whole scope`);
    });
  if (options.deferSave) options.deferSave(save);
  else await save();
  return { remote: mergeListings(read.listings.map((l) => l.records), settings.scope), incremental };
}

/** After an apply: SKUs it deleted leave every snapshot of the repository's scope at this origin. */
export async function forgetDeleted(root: string, origin: string, filters: Parameters<typeof scopeListings>[0], skus: readonly string[]): Promise<void> {
  if (skus.length === 0) return;
  const listings = scopeListings(filters);
  const file = snapshotPath(root, origin, scopeKey(listings));
  const loaded = await loadSnapshot(file);
  if (!('snapshot' in loaded)) return;
  const gone = new Set(skus);
  const { snapshot } = loaded;
  const listingsLeft = snapshot.listings.map((l) => ({ query: l.query, records: l.records.filter((p) => !gone.has(p.sku)) }));
  const changes = snapshot.listings.map(() => ({ records: [], removed: [...gone] }));
  await saveSnapshot(file, { ...snapshot, listings: listingsLeft }, { base: loaded.base, changes });
}

/** The snapshot options of a plan run (none with --target, or without a known API URL). */
export function planSnapshotOptions(
  root: string,
  apiBaseUrl: string | undefined,
  request: { targets: readonly string[]; fullRead?: boolean },
  warn: (message: string) => void,
  known?: KnownProducts,
): { snapshot?: SnapshotReadOptions } {
  if (request.targets.length > 0 || !apiBaseUrl) return {};
  return {
    snapshot: {
      root,
      origin: new URL(apiBaseUrl).origin,
      ...(request.fullRead ? { fullRead: true } : {}),
      notice: (line) => warn(line),
      warn,
      ...(known ? { known } : {}),
    },
  };
}
