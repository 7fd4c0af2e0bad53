/**
 * Carries out apply operations against Seller Center. Every chunk (≤ 1000 items) is one batch
 * followed to its terminal status. Product upserts and offers of existing SKUs start at once;
 * an offer of a SKU created in this run waits until its product batch succeeded (and is skipped,
 * with the reason, if it failed); deletes go last. The client's limiter spaces the requests;
 * this module only decides what is sent and when it becomes sendable, and emits events.
 *
 * Every record ends in one of four places: applied, refused (the API said no), unknown (accepted
 * or maybe accepted, outcome not learned) or not sent. Two causes stop the run from submitting
 * more — a refused token, and a journal that cannot be written (a batch sent then could not be
 * collected after a crash) — but the batches already accepted are still followed to their end.
 */
import type { OfferWrite, ProductWrite, SellerCenterClient } from '../remote/types.js';
import { outcomeOfBatch } from './batch-outcome.js';
import { isRemoteError } from '../remote/errors.js';
import { MAX_CHUNK, chunk } from '../plan/writes/chunks.js';
import type { ApplyEvents } from './events.js';
import type { JournalWriter } from './journal.js';
import { chooseOfferEndpoints } from '../plan/writes/offer-endpoints.js';
import { OfferQueue } from './offer-queue.js';
import type { ApplyOperations, OfferEndpoint } from '../plan/writes/types.js';
import type { ExecutionResult, InFlightBatch, NotSentRecord, OperationName, RecordError, UnknownRecord } from './types.js';
import { countWriteRequests, totalWrites } from '../plan/writes/write-requests.js';

export interface ExecuteOptions {
  client: SellerCenterClient;
  operations: ApplyOperations;
  events: ApplyEvents;
  journal?: JournalWriter;
  signal?: AbortSignal;
  chunkSize?: number;
}

/** One chunk of writes, typed by its endpoint so each reaches the client's matching `submit`. */
type WriteChunk =
  | { kind: 'products'; items: ProductWrite[] }
  | { kind: 'delete'; items: { sku: string }[] }
  | { kind: OfferEndpoint; items: OfferWrite[] };

/**
 * A write whose answer was lost is not sent again blindly: the API may have taken it, and a
 * second accepted batch for the same records is what apply must never make. Its records become
 * unknown (`lost-answer`) and the run settles them by reading them back (see settle.ts).
 */
const ONCE = { resendLost: false } as const;

function submitChunk(client: SellerCenterClient, c: WriteChunk): Promise<string> {
  switch (c.kind) {
    case 'products':
      return client.submit(c.kind, c.items, ONCE);
    case 'delete':
      return client.submit(c.kind, c.items, ONCE);
    default:
      return client.submit(c.kind, c.items, ONCE);
  }
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Rejects when the signal aborts, so a quota wait never holds up Ctrl-C. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> | undefined {
  if (!signal) return undefined;
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export async function executeOperations(opts: ExecuteOptions): Promise<ExecutionResult> {
  const { client, operations, events, journal, signal } = opts;
  const size = opts.chunkSize ?? MAX_CHUNK;
  const errors: RecordError[] = [];
  const unknown: UnknownRecord[] = [];
  const notSent: NotSentRecord[] = [];
  const succeeded = new Map<OperationName, Set<string>>();
  const notAttempted = new Set<string>();
  const inFlight = new Map<string, InFlightBatch & { skus: string[] }>();
  const tasks: Promise<void>[] = [];
  const aborted = untilAborted(signal);
  aborted?.catch(() => undefined);
  let submitted = 0;
  let stopped: ExecutionResult['stopped'];

  const fail = (e: RecordError) => {
    errors.push(e);
    events.emit({ type: 'record-failed', sku: e.sku, operation: e.operation, message: e.message });
  };
  const notSend = (skus: readonly string[], operation: OperationName, reason: string) => {
    for (const sku of skus) {
      notAttempted.add(sku);
      notSent.push({ sku, operation, reason });
    }
  };
  const stop = (cause: 'auth' | 'journal', message: string, error?: unknown) => {
    stopped ??= { cause, message, ...(error !== undefined ? { error } : {}) };
  };
  // A function, so the compiler does not narrow `stopped` across the awaits that may set it.
  const stopMessage = (): string | undefined => stopped?.message;
  /** Journal writes after the request: a failure stops new submits, never the following of accepted batches. */
  const record = async (write: (() => Promise<void>) | undefined) => {
    if (!write) return;
    try {
      await write();
    } catch (err) {
      stop('journal', errorMessage(err), err);
    }
  };

  /** What one chunk came to: the SKUs refused and those whose outcome is unknown; undefined when not sent or interrupted. */
  type ChunkEnd = { failed: Set<string>; uncertain: Set<string> } | undefined;

  /** Submits one chunk and follows it to its end. */
  async function runChunk(c: WriteChunk): Promise<ChunkEnd> {
    const { kind, items } = c;
    const skus = items.map((i) => i.sku);
    if (signal?.aborted) {
      notSend(skus, kind, 'not sent: the run was interrupted');
      return undefined;
    }
    if (stopped) {
      notSend(skus, kind, `not sent: ${stopped.message}`);
      return undefined;
    }
    events.emit({ type: 'chunk-queued', kind, size: items.length });
    let intent: string | undefined;
    try {
      intent = await journal?.intent(kind, skus);
    } catch (err) {
      // Without its intent on disk, a batch accepted now could not be collected after a crash.
      stop('journal', errorMessage(err), err);
      notSend(skus, kind, `not sent: ${stopMessage()}`);
      return undefined;
    }
    if (stopMessage()) {
      notSend(skus, kind, `not sent: ${stopMessage()}`);
      return undefined;
    }
    let batchId: string;
    try {
      const submit = submitChunk(client, c);
      batchId = await (aborted ? Promise.race([submit, aborted]) : submit);
    } catch (err) {
      if (signal?.aborted) {
        // The request may or may not have reached the API; the journal's intent says so next time.
        notSend(skus, kind, 'not sent: the run was interrupted');
        return undefined;
      }
      const message = errorMessage(err);
      await record(intent ? () => journal!.submitFailed(intent, message) : undefined);
      events.emit({ type: 'chunk-rejected', kind, size: items.length, message: `not submitted: ${message}` });
      if (isRemoteError(err) && err.kind === 'auth') {
        // Every later write would be refused as well: say so once, send nothing more.
        stop('auth', `the token was refused (${message})`);
        notSend(skus, kind, `not sent: ${stopMessage()}`);
        return undefined;
      }
      if (isRemoteError(err) && err.outcomeUnknown) {
        for (const sku of skus) unknown.push({ sku, operation: kind, cause: 'lost-answer', reason: `the answer to the write was lost: ${message}` });
        return { failed: new Set(), uncertain: new Set(skus) };
      }
      for (const sku of skus) fail({ sku, operation: kind, message: `not submitted: ${message}` });
      return { failed: new Set(skus), uncertain: new Set() };
    }
    await record(intent ? () => journal!.submitted(intent, batchId, kind, skus) : undefined);
    submitted += 1;
    inFlight.set(batchId, { batchId, kind, size: items.length, skus });
    events.emit({ type: 'chunk-submitted', kind, batchId, size: items.length, submitted });
    // Interrupted: the batch stays journaled and in flight; the next apply collects it.
    if (signal?.aborted) return undefined;
    let result;
    try {
      result = await client.waitForBatch(batchId, kind, skus, signal ? { signal } : undefined);
    } catch (err) {
      if (signal?.aborted) return undefined;
      result = { id: batchId, kind, skus, state: 'unknown' as const, failures: [], problem: errorMessage(err) };
    }
    inFlight.delete(batchId);
    // An outcome shelf could not learn stays open in the journal: the next apply asks again.
    // A batch the API no longer knows is closed: the next plan decides what is still to write.
    if (result.state !== 'unknown') await record(() => journal?.finished(batchId, result.state) ?? Promise.resolve());
    const outcome = outcomeOfBatch(result, kind);
    const failed = new Set(outcome.errors.map((e) => e.sku));
    const uncertain = new Set(outcome.unknown.map((u) => u.sku));
    events.emit({ type: 'batch-finished', kind, batchId, state: result.state, failed: failed.size, size: items.length });
    for (const e of outcome.errors) fail(e);
    unknown.push(...outcome.unknown);
    const ok = succeeded.get(kind) ?? new Set<string>();
    for (const sku of skus) if (!failed.has(sku) && !uncertain.has(sku)) ok.add(sku);
    succeeded.set(kind, ok);
    return { failed, uncertain };
  }

  // Offers: routed to the cheapest endpoints, queued until sendable.
  const routed = chooseOfferEndpoints(operations.offers, size);
  const created = new Set(operations.products.filter((p) => p.action === 'create').map((p) => p.sku));
  const offers = new OfferQueue(routed, created, size);
  const flush = (final = false) => {
    for (const { endpoint, offers: batch } of offers.take(final)) {
      tasks.push(runChunk({ kind: endpoint, items: batch.map((r) => r.item) }).then(() => undefined));
    }
  };
  const productsDone = (skus: string[], end: ChunkEnd) => {
    // An offer needs its product: it waits for a product that is known to exist.
    const blocked = end ? new Set([...end.failed, ...end.uncertain]) : undefined;
    for (const r of offers.productsDone(skus, blocked)) {
      if (r.outcome === 'not-attempted') {
        notSend([r.sku], r.endpoint, signal?.aborted ? 'not sent: the run was interrupted' : `not sent: ${stopMessage() ?? 'the product was not sent'}`);
      } else if (r.outcome === 'skipped' && end?.uncertain.has(r.sku)) {
        notSend([r.sku], r.endpoint, "not sent: the product's outcome is not known yet");
      } else if (r.outcome === 'skipped') {
        const reason = 'not sent: the product of this SKU was not created';
        errors.push({ sku: r.sku, operation: r.endpoint, message: reason });
        events.emit({ type: 'record-skipped', sku: r.sku, operation: r.endpoint, reason });
      }
    }
    flush();
  };

  const productChunks = chunk(operations.products, size);
  const deleteChunks = chunk(operations.deletes, size);
  // The total is counted as the plan's cost counts it (per endpoint, not one pool of offers),
  // so progress and its ETA announce the requests this run sends.
  events.emit({
    type: 'start',
    chunks: totalWrites(countWriteRequests(operations, size)),
    items: operations.products.length + routed.length + operations.deletes.length,
  });

  for (const c of productChunks) {
    const skus = c.map((p) => p.sku);
    tasks.push(runChunk({ kind: 'products', items: c.map((p) => p.body) }).then((end) => productsDone(skus, end)));
  }
  flush();
  // Tasks add tasks (a finished product batch releases offers): wait until none are added.
  for (let seen = -1; seen !== tasks.length; ) {
    seen = tasks.length;
    await Promise.all(tasks);
    if (seen === tasks.length) flush(true);
  }

  for (const c of deleteChunks) tasks.push(runChunk({ kind: 'delete', items: c.map((d) => ({ sku: d.sku })) }).then(() => undefined));
  await Promise.all(tasks);

  const result: ExecutionResult = { errors, unknown, notSent, succeeded, notAttempted };
  if (stopped) result.stopped = stopped;
  if (signal?.aborted) {
    // In flight when interrupted: accepted, outcome not learned; the next apply collects them.
    for (const batch of inFlight.values()) {
      for (const sku of batch.skus) {
        unknown.push({ sku, operation: batch.kind, batchId: batch.batchId, cause: 'interrupted', reason: 'the run was interrupted while the batch ran' });
      }
    }
    result.interrupted = { inFlight: [...inFlight.values()].map(({ batchId, kind, size }) => ({ batchId, kind, size })) };
    events.emit({ type: 'interrupted', inFlight: result.interrupted.inFlight });
  }
  return result;
}
