/**
 * Reading a scope from its snapshot plus what changed since, verified by counts.
 *
 * Time is the server's: the snapshot keeps the `Date` header of the first response of the
 * read that made it (T). Every change stamped from T on has `updated_at >= T`; the next read
 * asks each listing for `updated_at__gte = T - overlap` (the overlap covers stamps in the same
 * second — `Date` has whole seconds only —, writes stamped before T but committed after it,
 * and small differences between the API's servers). Records seen twice are de-duplicated: the
 * newer read wins. The client's clock is never compared with a stamp.
 *
 * Deletions leave no stamp, so the counts decide. With L = T - overlap, each listing splits
 * into records stamped before L and records stamped from L on. The second part is read whole
 * (the changed records). The first part must be exactly the snapshot's records stamped before
 * L that did not show up among the changed ones: any of them deleted, moved out of the listing
 * or changed without a newer stamp makes `count(updated_at__lt=L)` differ from that number.
 * Unlike the total count, this one cannot be balanced by a creation: a new product is stamped
 * from L on and is not counted. Snapshot records stamped from L on that the changed read did
 * not return are gone (a stamp only grows). A SKU that changed in another listing may or may
 * not have left this one (see unchangedRecords): that is settled before the count is trusted. Any doubt — a count that differs or is missing, a
 * changed record stamped before L (the filter was ignored), no `Date` — gives up, and the
 * caller reads the scope in full.
 */
import type { RemoteProduct } from '../model/product.js';
import type { ListingPage, ProductFilter, SellerCenterClient } from '../remote/types.js';
import type { ListingChanges } from '../remote/snapshot-changes.js';
import type { Snapshot, SnapshotListing } from '../remote/snapshot-file.js';
import type { ScopeListing } from './scope-listings.js';

/**
 * How far before the snapshot's server time the next read starts. At least a second (whole-
 * second stamps); a minute also covers batch writes committed a while after they were stamped.
 */
export const READ_OVERLAP_MS = 60_000;

/**
 * The scope's listings as they are now, the server time of the read, and per listing what
 * changed since the snapshot (records new or newer, SKUs gone): what saving the snapshot writes.
 */
export type IncrementalResult = { listings: SnapshotListing[]; serverTime: string; changes: ListingChanges[] } | { doubt: string };

/** Reads every page of one listing; SKUs repeated across pages are kept once. */
export async function readListing(
  client: SellerCenterClient,
  filter: ProductFilter,
  onPage: (page: ListingPage) => void,
): Promise<RemoteProduct[]> {
  const out: RemoteProduct[] = [];
  for await (const page of client.listProducts(filter, { onPage })) out.push(...page);
  return out;
}

/**
 * The record's `updated_at` in ms. Records written together share a stamp (and, read back from a
 * snapshot, the very string), so the last one parsed is kept: checking 100,000 stamps parsed
 * each otherwise.
 */
let lastStamp: { text: string; ms: number } | undefined;
function stampOf(p: RemoteProduct): number {
  const text = p.updated_at;
  if (text === undefined) return Number.NaN;
  if (lastStamp?.text !== text) lastStamp = { text, ms: Date.parse(text) };
  return lastStamp.ms;
}

export async function readIncrementally(
  client: SellerCenterClient,
  snapshot: Snapshot,
  listings: readonly ScopeListing[],
  options: { overlapMs: number; onPage: (page: ListingPage) => void },
): Promise<IncrementalResult> {
  if (!client.countProducts) return { doubt: 'this client cannot count listings' };
  if (snapshot.serverTime === null) return { doubt: 'the last read gave no server time to read changes from' };
  const sameListings =
    snapshot.listings.length === listings.length && snapshot.listings.every((l, i) => l.query === listings[i]!.query);
  if (!sameListings) return { doubt: 'the snapshot covers other listings' };
  const since = Date.parse(snapshot.serverTime) - options.overlapMs;
  const lower = new Date(since).toISOString();

  let serverTime: string | undefined;
  const onPage = (page: ListingPage) => {
    serverTime ??= page.date;
    options.onPage(page);
  };
  const changed: RemoteProduct[][] = [];
  for (const listing of listings) {
    const records = await readListing(client, { ...listing.filter, updated_at__gte: lower }, onPage);
    const early = records.find((p) => !(stampOf(p) >= since));
    if (early) {
      return { doubt: `the API listed ${early.sku} (updated_at ${early.updated_at ?? 'missing'}) for updated_at__gte=${lower}: the filter seems ignored` };
    }
    changed.push(records);
  }
  if (serverTime === undefined || Number.isNaN(Date.parse(serverTime))) return { doubt: 'the API sent no Date header' };
  if (Date.parse(serverTime) < Date.parse(snapshot.serverTime)) {
    return { doubt: `the server's clock (${serverTime}) is behind the snapshot's (${snapshot.serverTime})` };
  }

  const changedSkus = new Set(changed.flatMap((records) => records.map((p) => p.sku)));
  const count = client.countProducts.bind(client);
  const out: SnapshotListing[] = [];
  const changes: ListingChanges[] = [];
  for (const [i, listing] of listings.entries()) {
    const here = new Set(changed[i]!.map((p) => p.sku));
    const old: RemoteProduct[] = [];
    // Stamped from the bound on but not read again: gone (a stamp only grows).
    const removed: string[] = [];
    for (const p of snapshot.listings[i]!.records) {
      if (here.has(p.sku)) continue;
      if (stampOf(p) < since) old.push(p);
      else removed.push(p.sku);
    }
    const kept = await unchangedRecords(old, changedSkus, (extra) => count({ ...listing.filter, ...extra, updated_at__lt: lower }));
    if ('doubt' in kept) {
      const which = listing.filter.approved ? 'approved' : 'awaiting approval';
      return { doubt: kept.doubt.replace('{which}', which) };
    }
    if (kept.records.length < old.length) {
      const stayed = new Set(kept.records);
      for (const p of old) if (!stayed.has(p)) removed.push(p.sku);
    }
    // kept.records is this listing's own array (old, or a part of it): the changes join it in place.
    const records = kept.records;
    for (const p of changed[i]!) records.push(p);
    out.push({ query: listing.query, records });
    changes.push({ records: changed[i]!, removed });
  }
  return { listings: out, serverTime, changes };
}

/** Per-SKU reads allowed to settle which changed-elsewhere SKUs are still in a listing. */
export const AMBIGUOUS_SKU_LIMIT = 5;

/**
 * Which of a listing's old records (stamped before the bound, not among its changes) are still
 * in it, checked against the listing's count of records stamped before the bound.
 *
 * A SKU that changed in another listing of the scope usually left this one (approved, say),
 * but may also still be here: a pending revision can sit next to the approved version of the
 * same SKU. Taking "it left" on trust would let it balance a deletion in the count, so it is
 * settled: the count is right for "all stayed" only if nothing was deleted; otherwise each such
 * SKU is counted on its own (a page of one), up to a few, and beyond that the read gives up.
 */
async function unchangedRecords(
  old: RemoteProduct[],
  changedElsewhere: ReadonlySet<string>,
  countWith: (extra: { sku?: string }) => Promise<{ count?: number }>,
): Promise<{ records: RemoteProduct[] } | { doubt: string }> {
  const { count } = await countWith({});
  if (count === undefined) return { doubt: 'the API gave no count' };
  if (count === old.length) return { records: old };
  const ambiguous = old.filter((p) => changedElsewhere.has(p.sku));
  let stayed: RemoteProduct[] = [];
  if (ambiguous.length > AMBIGUOUS_SKU_LIMIT) {
    return { doubt: `${ambiguous.length} products changed in one listing of the scope and may still be in another` };
  }
  for (const p of ambiguous) {
    const one = await countWith({ sku: p.sku });
    if (one.count === undefined || one.count > 1) return { doubt: `the API counted ${String(one.count)} products for sku=${p.sku}` };
    if (one.count === 1) stayed.push(p);
  }
  stayed = old.filter((p) => !changedElsewhere.has(p.sku) || stayed.includes(p));
  if (count !== stayed.length) {
    return {
      doubt: `${count} {which} products are unchanged since the snapshot where ${stayed.length} were expected (a deletion, or a change without a newer updated_at)`,
    };
  }
  return { records: stayed };
}
