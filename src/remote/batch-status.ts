/**
 * Reading batch requests tolerantly: the id of a write's answer in whatever shape it comes,
 * and PRD107's status as a number (1–5), a numeric string or a name in any case/spelling.
 * A value shelf does not know stays `unknown` (not terminal) with the raw value kept.
 */
import { isObject } from './json-read.js';
import type { BatchState, BatchStatus } from './types.js';

function idText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

const ID_KEYS = ['batch_request_id', 'batch_request', 'batch_id', 'batch', 'id', 'uuid'];
const WRAPPER_KEYS = ['data', 'result', 'results', 'batch_request', 'batch'];

/** Finds the batch id in `{id}`, `{batch_request_id}`, `{batch_request: {id}}`, `{data: {...}}`, `[{...}]`… */
export function extractBatchId(body: unknown, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  if (Array.isArray(body)) return body.length === 1 ? extractBatchId(body[0], depth + 1) : undefined;
  if (!isObject(body)) return depth === 0 ? idText(body) : undefined;
  for (const key of ID_KEYS) {
    const direct = idText(body[key]);
    if (direct) return direct;
  }
  for (const key of WRAPPER_KEYS) {
    const nested = body[key];
    if (nested !== undefined && typeof nested === 'object') {
      const id = extractBatchId(nested, depth + 1);
      if (id) return id;
    }
  }
  return undefined;
}

const BY_NUMBER: Record<number, BatchState> = {
  1: 'pending',
  2: 'processing',
  3: 'succeeded',
  4: 'partially_succeeded',
  5: 'failed',
};

/** Names folded to lower-case letters only ("Partially Succeeded", "partially_succeeded" → "partiallysucceeded"). */
const BY_NAME: Record<string, BatchState> = {
  pending: 'pending',
  queued: 'pending',
  waiting: 'pending',
  processing: 'processing',
  inprogress: 'processing',
  running: 'processing',
  succeeded: 'succeeded',
  success: 'succeeded',
  successful: 'succeeded',
  completed: 'succeeded',
  partiallysucceeded: 'partially_succeeded',
  partiallysuccessful: 'partially_succeeded',
  partialsuccess: 'partially_succeeded',
  partiallycompleted: 'partially_succeeded',
  failed: 'failed',
  failure: 'failed',
};

export function normalizeBatchState(raw: unknown): BatchState {
  if (typeof raw === 'number') return BY_NUMBER[raw] ?? 'unknown';
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (/^\d+$/.test(t)) return BY_NUMBER[Number(t)] ?? 'unknown';
    return BY_NAME[t.toLowerCase().replace(/[^a-z]/g, '')] ?? 'unknown';
  }
  // `{value: 3, label: "Succeeded"}` and similar expansions.
  if (isObject(raw)) {
    for (const key of ['value', 'name', 'label', 'code']) {
      if (raw[key] !== undefined) {
        const state = normalizeBatchState(raw[key]);
        if (state !== 'unknown') return state;
      }
    }
  }
  return 'unknown';
}

export function isTerminal(state: BatchState): boolean {
  return state === 'succeeded' || state === 'partially_succeeded' || state === 'failed';
}

function url(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A PRD107 body → BatchStatus; `fallbackId` is the id that was asked for. */
export function readBatchStatus(body: unknown, fallbackId: string): BatchStatus {
  const o = isObject(body) ? body : {};
  const inner = isObject(o.batch_request) ? o.batch_request : isObject(o.data) ? o.data : o;
  const processed = inner.processed_in;
  const processedIn =
    typeof processed === 'number' && Number.isFinite(processed)
      ? processed
      : typeof processed === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(processed)
        ? Number(processed)
        : undefined;
  const status: BatchStatus = {
    id: idText(inner.id) ?? fallbackId,
    state: normalizeBatchState(inner.status),
    rawStatus: inner.status,
  };
  if (processedIn !== undefined) status.processedIn = processedIn;
  const errorFile = url(inner.error_file);
  if (errorFile) status.errorFile = errorFile;
  const successFile = url(inner.success_file);
  if (successFile) status.successFile = successFile;
  const requestFile = url(inner.request_file);
  if (requestFile) status.requestFile = requestFile;
  return status;
}
