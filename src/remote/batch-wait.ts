/**
 * Following a batch to its end. Every PRD107 poll costs a products token (10 a minute), so
 * polls are few and late: the first one comes when the batch is expected to be done — from
 * its size, and from how long earlier batches took (`processed_in`) — then the gap grows.
 * A status shelf does not understand is not waited on forever.
 */
import { isTerminal } from './batch-status.js';
import { RemoteError } from './errors.js';
import { parseErrorFile } from './error-file.js';
import { sleep } from './sleep.js';
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
  const started = performance.now();
  let delay = firstPollDelay(skus.length, deps);
  let unknownPolls = 0;
  let last: BatchStatus | undefined;
  const base = { id, kind, skus };

  for (;;) {
    try {
      await sleep(delay, signal);
    } catch {
      throw new RemoteError(`waiting for batch ${id}: interrupted`, { kind: 'aborted', endpoint: `GET batch ${id}` });
    }
    try {
      last = await deps.getBatch(id);
    } catch (err) {
      if (err instanceof RemoteError && err.kind !== 'auth' && err.kind !== 'aborted') {
        return { ...base, state: 'unknown', failures: [], problem: `the batch's status could not be read: ${err.message}` };
      }
      throw err;
    }
    if (isTerminal(last.state)) break;
    unknownPolls = last.state === 'unknown' ? unknownPolls + 1 : 0;
    if (unknownPolls >= policy.unknownLimit) {
      return {
        ...base,
        state: 'unknown',
        failures: [],
        problem: `the batch kept a status shelf does not know (${JSON.stringify(last.rawStatus)}) for ${unknownPolls} polls`,
      };
    }
    const elapsed = performance.now() - started;
    if (elapsed >= policy.maxWaitMs) {
      return {
        ...base,
        state: 'unknown',
        failures: [],
        problem: `the batch was still ${last.state} after ${Math.round(elapsed / 1000)} s`,
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
