/**
 * Following a batch to its end. Every PRD107 poll costs a products token (10 a minute), so
 * polls are few and late: the first one comes when the batch is expected to be done — from
 * its size, and from how long earlier batches took (`processed_in`) — then the gap grows.
 * A status shelf does not understand is not waited on forever.
 *
 * A failed poll never ends the wait: the transport retries each read until the API answers,
 * and gives up only when the API has been unreachable beyond the outage bound — then the batch
 * is `unknown` (cause `unreachable`, with the time it became unreachable). Other endings: a
 * 404/410 means the API does not know the batch (`gone`); a 401/403 means the token was revoked
 * (`unknown`, cause `auth`, at once: retrying cannot help); any other 4xx is `unknown` (cause
 * `refused`). A poll that was throttled too long or answered unreadably is simply followed by
 * the next one.
 */
import { isTerminal } from './batch-status.js';
import { type Clock, systemClock } from './clock.js';
import { RemoteError } from './errors.js';
import { parseErrorFile } from './error-file.js';
import type { BatchKind, BatchResult, BatchStatus, RecordFailure } from './types.js';

export interface PollPolicy {
  /** Expected processing time of a batch, before any `processed_in` is known: base + per item. */
  baseMs: number;
  perItemMs: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Each later gap is the previous one times this. */
  growth: number;
  /** Consecutive polls with an unknown status before it is reported instead of waited on. */
  unknownLimit: number;
  /** Give up (and report) after this long. */
  maxWaitMs: number;
}

export const DEFAULT_POLL: PollPolicy = {
  baseMs: 3_000,
  perItemMs: 10,
  minDelayMs: 2_000,
  maxDelayMs: 30_000,
  growth: 1.5,
  unknownLimit: 6,
  maxWaitMs: 30 * 60_000,
};

/** What waitForBatch needs from the client. */
export interface BatchWaitDeps {
  getBatch(id: string): Promise<BatchStatus>;
  downloadJson(url: string): Promise<unknown>;
  policy: PollPolicy;
  /** Milliseconds per item learned from finished batches (shared across the run). */
  pace: { msPerItem?: number };
  /** Server seconds → local milliseconds (1000 unless the server runs in scaled time). */
  msPerServerSecond: number;
  signal?: AbortSignal;
  /** Default: the system clock. */
  clock?: Clock;
  /** When the API became unreachable (epoch ms), if it is now. */
  unreachableSince?: () => number | undefined;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export function firstPollDelay(size: number, deps: Pick<BatchWaitDeps, 'policy' | 'pace'>): number {
  const { policy, pace } = deps;
  const expected = pace.msPerItem !== undefined ? size * pace.msPerItem : policy.baseMs + size * policy.perItemMs;
  return clamp(expected, policy.minDelayMs, policy.maxDelayMs);
}

export async function waitForBatch(
  id: string,
  kind: BatchKind,
  skus: string[],
  deps: BatchWaitDeps,
): Promise<BatchResult> {
  const { policy, signal } = deps;
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  let delay = firstPollDelay(skus.length, deps);
  let unknownPolls = 0;
  let last: BatchStatus | undefined;
  const base = { id, kind, skus };

  for (;;) {
    try {
      await clock.sleep(delay, signal);
    } catch {
      throw new RemoteError(`waiting for batch ${id}: interrupted`, { kind: 'aborted', endpoint: `GET batch ${id}` });
    }
    let polled: BatchStatus | undefined;
    try {
      polled = await deps.getBatch(id);
    } catch (err) {
      if (!(err instanceof RemoteError) || err.kind === 'aborted') throw err;
      const ended = endingOf(err, base, deps.unreachableSince?.());
      if (ended) return ended;
      // Throttled for too long, or an unreadable answer: the next poll asks again.
    }
    const elapsed = clock.now() - started;
    if (polled) {
      last = polled;
      if (isTerminal(last.state)) break;
      unknownPolls = last.state === 'unknown' ? unknownPolls + 1 : 0;
      if (unknownPolls >= policy.unknownLimit) {
        return {
          ...base,
          state: 'unknown',
          cause: 'unknown-status',
          failures: [],
          problem: `the batch kept a status shelf does not know (${JSON.stringify(last.rawStatus)}) for ${unknownPolls} polls`,
        };
      }
    }
    if (elapsed >= policy.maxWaitMs) {
      return {
        ...base,
        state: 'unknown',
        cause: 'still-running',
        failures: [],
        problem: `the batch was still ${last?.state ?? 'unread'} after ${Math.round(elapsed / 1000)} s`,
      };
    }
    delay = clamp(delay * policy.growth, policy.minDelayMs, policy.maxDelayMs);
  }

  if (last.processedIn !== undefined && skus.length > 0) {
    deps.pace.msPerItem = (last.processedIn * deps.msPerServerSecond) / skus.length;
  }
  const state = last.state as BatchResult['state'];
  if (state === 'succeeded') return { ...base, state, failures: [] };

  const allFailed = (why: string): RecordFailure[] =>
    skus.map((sku) => ({ sku, messages: [why], record: { sku } }));
  if (!last.errorFile && state === 'partially_succeeded' && last.successFile) {
    return failuresFromSuccessFile(last.successFile, base, deps);
  }
  if (!last.errorFile) {
    return state === 'failed'
      ? { ...base, state, failures: allFailed('the batch failed'), problem: 'the batch failed and the API gave no error file' }
      : { ...base, state, failures: [], problem: 'some records failed, but the API gave no error file to say which' };
  }
  try {
    const failures = parseErrorFile(await deps.downloadJson(last.errorFile));
    return { ...base, state, failures };
  } catch (err) {
    if (err instanceof RemoteError && err.kind === 'aborted') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ...base,
      state,
      failures: state === 'failed' ? allFailed('the batch failed') : [],
      problem: `the error file could not be downloaded: ${reason}`,
    };
  }
}

/** What a status read that failed (after the transport's own retries) means for the wait; undefined: keep polling. */
function endingOf(
  err: RemoteError,
  base: { id: string; kind: BatchKind; skus: string[] },
  unreachableSince: number | undefined,
): BatchResult | undefined {
  if (err.kind === 'client' && (err.status === 404 || err.status === 410)) {
    return { ...base, state: 'gone', failures: [], problem: `the API does not know batch ${base.id} (${err.status})` };
  }
  if (err.kind === 'auth') {
    return { ...base, state: 'unknown', cause: 'auth', failures: [], problem: `the token was refused while following the batch: ${err.message}` };
  }
  if (err.kind === 'client' || err.kind === 'redirect') {
    return { ...base, state: 'unknown', cause: 'refused', failures: [], problem: `the batch's status could not be read: ${err.message}` };
  }
  if (err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server') {
    return {
      ...base,
      state: 'unknown',
      cause: 'unreachable',
      ...(unreachableSince !== undefined ? { unreachableSince: new Date(unreachableSince).toISOString() } : {}),
      failures: [],
      problem: `the API became unreachable while shelf followed the batch: ${err.message}`,
    };
  }
  return undefined;
}

/** No error file, but a success file: every SKU it does not list is the one that failed. */
async function failuresFromSuccessFile(
  url: string,
  base: { id: string; kind: BatchKind; skus: string[] },
  deps: BatchWaitDeps,
): Promise<BatchResult> {
  const state = 'partially_succeeded' as const;
  try {
    const body = await deps.downloadJson(url);
    const records = Array.isArray(body) ? body : [];
    const succeeded = new Set(
      records.map((r) => (r && typeof r === 'object' ? String((r as { sku?: unknown }).sku ?? '') : '')),
    );
    const failures = base.skus
      .filter((sku) => !succeeded.has(sku))
      .map((sku) => ({ sku, messages: ["not in the batch's success file (the API gave no error file)"], record: { sku } }));
    return { ...base, state, failures };
  } catch (err) {
    if (err instanceof RemoteError && err.kind === 'aborted') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    return { ...base, state, failures: [], problem: `neither an error file nor the success file could be read: ${reason}` };
  }
}
