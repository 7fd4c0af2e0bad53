/**
 * Carries out apply operations against Seller Center. Every chunk (≤ 1000 items) is one batch
 * followed to its terminal status. Product upserts and offers of existing SKUs start at once;
 * an offer of a SKU created in this run waits until its product batch succeeded (and is skipped,
 * with the reason, if it failed); deletes go last. The client's limiter spaces the requests;
 * this module only decides what is sent and when it becomes sendable, and emits events.
 */
import type { OfferWrite, ProductWrite, SellerCenterClient } from '../remote/types.js';
import { failuresOfBatch } from './batch-outcome.js';
import { MAX_CHUNK, chunk } from '../plan/writes/chunks.js';
import type { ApplyEvents } from './events.js';
import type { Journal } from './journal.js';
import { chooseOfferEndpoints } from '../plan/writes/offer-endpoints.js';
import { OfferQueue } from './offer-queue.js';
import type { ApplyOperations, OfferEndpoint } from '../plan/writes/types.js';
import type { ExecutionResult, InFlightBatch, OperationName, RecordError } from './types.js';
import { countWriteRequests, totalWrites } from '../plan/writes/write-requests.js';

export interface ExecuteOptions {
  client: SellerCenterClient;
  operations: ApplyOperations;
  events: ApplyEvents;
  journal?: Journal;
  signal?: AbortSignal;
  chunkSize?: number;
}

/** One chunk of writes, typed by its endpoint so each reaches the client's matching `submit`. */
type WriteChunk =
  | { kind: 'products'; items: ProductWrite[] }
  | { kind: 'delete'; items: { sku: string }[] }
  | { kind: OfferEndpoint; items: OfferWrite[] };

function submitChunk(client: SellerCenterClient, c: WriteChunk): Promise<string> {
  switch (c.kind) {
    case 'products':
      return client.submit(c.kind, c.items);
    case 'delete':
      return client.submit(c.kind, c.items);
    default:
      return client.submit(c.kind, c.items);
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
  const succeeded = new Map<OperationName, Set<string>>();
  const notAttempted = new Set<string>();
  const inFlight = new Map<string, InFlightBatch & { skus: string[] }>();
  const tasks: Promise<void>[] = [];
  const aborted = untilAborted(signal);
  aborted?.catch(() => undefined);
  let submitted = 0;

  const fail = (e: RecordError) => {
    errors.push(e);
    events.emit({ type: 'record-failed', sku: e.sku, operation: e.operation, message: e.message });
  };

  /** Submits one chunk, follows it to its end; resolves with the SKUs that failed (undefined when interrupted). */
  async function runChunk(c: WriteChunk): Promise<Set<string> | undefined> {
    const { kind, items } = c;
    const skus = items.map((i) => i.sku);
    if (signal?.aborted) {
      for (const sku of skus) notAttempted.add(sku);
      return undefined;
    }
    events.emit({ type: 'chunk-queued', kind, size: items.length });
    const intent = await journal?.intent(kind, skus);
    let batchId: string;
    try {
      const submit = submitChunk(client, c);
      batchId = await (aborted ? Promise.race([submit, aborted]) : submit);
    } catch (err) {
      if (signal?.aborted) {
        // The request may or may not have reached the API; the journal's intent says so next time.
        for (const sku of skus) notAttempted.add(sku);
        return undefined;
      }
      const message = `not submitted: ${errorMessage(err)}`;
      if (intent) await journal?.submitFailed(intent, message);
      events.emit({ type: 'chunk-rejected', kind, size: items.length, message });
      for (const sku of skus) fail({ sku, operation: kind, message });
      return new Set(skus);
    }
    if (intent) await journal?.submitted(intent, batchId, kind, skus);
    submitted += 1;
    inFlight.set(batchId, { batchId, kind, size: items.length, skus });
    events.emit({ type: 'chunk-submitted', kind, batchId, size: items.length, submitted });
    // Interrupted: the batch stays journaled and in flight; the next apply collects it.
    if (signal?.aborted) return undefined;
    try {
      const result = await client.waitForBatch(batchId, kind, skus, signal ? { signal } : undefined);
      inFlight.delete(batchId);
      // An outcome shelf could not learn stays open in the journal: the next apply asks again.
      if (result.state !== 'unknown') await journal?.finished(batchId, result.state);
      const batchErrors = failuresOfBatch(result, kind);
      const failed = new Set(batchErrors.map((e) => e.sku));
      events.emit({ type: 'batch-finished', kind, batchId, state: result.state, failed: failed.size, size: items.length });
      for (const e of batchErrors) fail(e);
      const ok = succeeded.get(kind) ?? new Set<string>();
      for (const sku of skus) if (!failed.has(sku)) ok.add(sku);
      succeeded.set(kind, ok);
      return failed;
    } catch (err) {
      if (signal?.aborted) return undefined;
      // Left open in the journal on purpose: the next apply collects this batch.
      inFlight.delete(batchId);
      const message = `outcome unknown (batch ${batchId}): ${errorMessage(err)}; the next apply collects it`;
      for (const sku of skus) fail({ sku, operation: kind, message });
      return new Set(skus);
    }
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
  const productsDone = (skus: string[], failed: Set<string> | undefined) => {
    for (const r of offers.productsDone(skus, failed)) {
      if (r.outcome === 'not-attempted') notAttempted.add(r.sku);
      else if (r.outcome === 'skipped') {
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
    tasks.push(runChunk({ kind: 'products', items: c.map((p) => p.body) }).then((failed) => productsDone(skus, failed)));
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

  const result: ExecutionResult = { errors, succeeded, notAttempted };
  if (signal?.aborted) {
    for (const batch of inFlight.values()) for (const sku of batch.skus) notAttempted.add(sku);
    result.interrupted = { inFlight: [...inFlight.values()].map(({ batchId, kind, size }) => ({ batchId, kind, size })) };
    events.emit({ type: 'interrupted', inFlight: result.interrupted.inFlight });
  }
  return result;
}
