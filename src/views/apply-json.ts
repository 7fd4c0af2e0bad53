/** `apply --json`: exactly the document CONTRACT.md fixes (plus keys consumers may ignore). */
import type { ApplyOutcome } from '../apply/outcome.js';
import type { InFlightBatch, RecordError, UnknownRecord } from '../apply/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourcePos } from '../model/source.js';
import { sourceToJson } from './diagnostic-json.js';

export interface ApplyJsonError {
  sku: string | null;
  operation: string;
  message: string;
  source: SourcePos | null;
  /** The batch of an interrupted earlier apply this failure was collected from. */
  recovered_batch?: string;
  /** A recovered failure whose SKU this run wrote again successfully (it does not count as failed). */
  resolved_by_this_run?: true;
  /** A recovered failure whose SKU the fresh plan found already as configured (it does not count as failed). */
  remote_now_matches?: true;
}

export interface ApplyJsonUnknown {
  sku: string;
  operation: string;
  batch_id: string | null;
  reason: string;
}

export interface ApplyJson {
  format_version: '1';
  summary: { added: number; changed: number; destroyed: number; failed: number; unknown: number };
  errors: ApplyJsonError[];
  unknown: ApplyJsonUnknown[];
  /** Per operation: records applied, refused, unknown and not sent. */
  operations?: Record<string, { applied: number; refused: number; unknown: number; not_sent: number }>;
  requests: { total: number; throttled: number };
  interrupted?: { in_flight: { batch_id: string; kind: string; size: number }[] };
}

export function applyToJson(
  outcome: ApplyOutcome,
  requests: { total: number; throttled: number },
  interrupted?: InFlightBatch[],
): ApplyJson {
  const doc: ApplyJson = {
    format_version: '1',
    summary: { ...outcome.summary },
    errors: outcome.errors.map(recordErrorToJson),
    unknown: (outcome.unknown ?? []).map(unknownToJson),
    requests,
  };
  if (outcome.byOperation && outcome.byOperation.length > 0) {
    doc.operations = Object.fromEntries(
      outcome.byOperation.map(([op, t]) => [op, { applied: t.applied, refused: t.refused, unknown: t.unknown, not_sent: t.notSent }]),
    );
  }
  if (interrupted) {
    doc.interrupted = { in_flight: interrupted.map((b) => ({ batch_id: b.batchId, kind: b.kind, size: b.size })) };
  }
  return doc;
}

function unknownToJson(u: UnknownRecord): ApplyJsonUnknown {
  return { sku: u.sku, operation: u.operation, batch_id: u.batchId ?? null, reason: u.reason };
}

function recordErrorToJson(e: RecordError): ApplyJsonError {
  const doc: ApplyJsonError = {
    sku: e.sku,
    operation: e.operation,
    message: e.message,
    source: e.source ? sourceToJson(e.source) : null,
  };
  if (e.recoveredBatch !== undefined) doc.recovered_batch = e.recoveredBatch;
  if (e.resolved === 'rewritten') doc.resolved_by_this_run = true;
  if (e.resolved === 'matches') doc.remote_now_matches = true;
  return doc;
}

/**
 * `apply --json` when apply stopped before writing (invalid input, refused or stale plan, no
 * approval, held lock). It still counts the requests sent (planning reads, collecting an earlier
 * run's batches) and reports the failures those batches held: nothing this run wrote resolves them.
 */
export function refusalToJson(
  diagnostics: readonly Diagnostic[],
  run: { requests?: { total: number; throttled: number }; recovered?: readonly RecordError[]; unknown?: readonly UnknownRecord[] } = {},
): ApplyJson {
  const recovered = run.recovered ?? [];
  const unknown = run.unknown ?? [];
  const failed = new Set(recovered.map((e) => e.sku));
  return {
    format_version: '1',
    summary: { added: 0, changed: 0, destroyed: 0, failed: failed.size, unknown: new Set(unknown.map((u) => u.sku).filter((sku) => !failed.has(sku))).size },
    errors: [
      ...recovered.map(recordErrorToJson),
      ...diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => ({
          sku: d.sku ?? null,
          operation: 'plan',
          message: d.detail ? `${d.summary}: ${d.detail}` : d.summary,
          source: d.source ? sourceToJson(d.source) : null,
        })),
    ],
    unknown: unknown.map(unknownToJson),
    requests: run.requests ?? { total: 0, throttled: 0 },
  };
}
