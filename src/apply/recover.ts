/**
 * Before planning anew, apply collects what an interrupted run left behind: every batch the
 * journal shows as submitted but never finished is followed to its end (not resubmitted), and
 * its failed records are reported. The re-plan then sees the remote state those batches made.
 * A batch the API answers 404 for is gone (another server, a restarted sandbox): it is closed,
 * and the fresh plan decides what of it still has to be written.
 */
import type { SellerCenterClient } from '../remote/types.js';
import { outcomeOfBatch } from './batch-outcome.js';
import type { ApplyEvents } from './events.js';
import type { Journal, JournalBacklog } from './journal.js';
import type { RecordError, UnknownRecord } from './types.js';

export interface RecoveryResult {
  collected: number;
  errors: RecordError[];
  /** Records of batches the API no longer knows (404/410): the fresh plan decides what is still to write. */
  gone: UnknownRecord[];
  /** Batches whose outcome still could not be learned (left open in the journal). */
  unresolved: { batchId: string; message: string }[];
  /** Their records: unknown, never failed. */
  unknown: UnknownRecord[];
}

export async function collectJournaledBatches(
  client: SellerCenterClient,
  backlog: JournalBacklog,
  journal: Journal,
  events: ApplyEvents,
  signal?: AbortSignal,
): Promise<RecoveryResult> {
  const result: RecoveryResult = { collected: 0, errors: [], gone: [], unresolved: [], unknown: [] };
  await Promise.all(
    backlog.batches.map(async (b) => {
      try {
        const outcome = await client.waitForBatch(b.batchId, b.kind, b.skus, signal ? { signal } : undefined);
        if (outcome.state === 'unknown') {
          result.unresolved.push({ batchId: b.batchId, message: outcome.problem ?? 'status unknown' });
          result.unknown.push(...outcomeOfBatch(outcome, b.kind).unknown);
          return;
        }
        await journal.finished(b.batchId, outcome.state);
        if (outcome.state === 'gone') {
          result.gone.push(...outcomeOfBatch(outcome, b.kind).unknown);
          return;
        }
        const { errors } = outcomeOfBatch(outcome, b.kind);
        result.collected += 1;
        events.emit({
          type: 'collected',
          batchId: b.batchId,
          kind: b.kind,
          state: outcome.state,
          failed: new Set(errors.map((e) => e.sku)).size,
          size: b.skus.length,
        });
        for (const e of errors) {
          result.errors.push({ ...e, recoveredBatch: b.batchId });
          events.emit({ type: 'record-failed', sku: e.sku, operation: e.operation, message: e.message, batchId: b.batchId });
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        result.unresolved.push({ batchId: b.batchId, message });
        for (const sku of b.skus) result.unknown.push({ sku, operation: b.kind, batchId: b.batchId, cause: 'interrupted', reason: message });
      }
    }),
  );
  return result;
}

/**
 * How long to wait before planning when an earlier run stopped between sending a write and
 * recording its answer: the API may have accepted it, and a plan made while that batch still
 * runs would send it again. The wait lasts until the latest such write could have ended: a full
 * batch's expected time (3 s + 10 ms per item at the documented quota), scaled like the
 * configured quota window.
 */
export function uncertainWaitMs(backlog: JournalBacklog, quotaWindowMs: number, now: number): number {
  const times = backlog.uncertain.map((u) => (u.at ? Date.parse(u.at) : Number.NaN)).filter((t) => Number.isFinite(t));
  if (backlog.uncertain.length === 0) return 0;
  const latest = times.length > 0 ? Math.max(...times) : now;
  const size = Math.max(...backlog.uncertain.map((u) => u.skus.length));
  const expected = ((3_000 + 10 * size) * quotaWindowMs) / 60_000;
  return Math.max(0, Math.min(latest + expected - now, expected));
}
