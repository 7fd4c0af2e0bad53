/** `apply --json`: exactly the document CONTRACT.md fixes (plus keys consumers may ignore). */
import type { ApplyOutcome } from '../apply/outcome.js';
import type { InFlightBatch } from '../apply/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourcePos } from '../model/source.js';
import type { RequestCounters } from '../remote/types.js';

export interface ApplyJson {
  format_version: '1';
  summary: { added: number; changed: number; destroyed: number; failed: number };
  errors: { sku: string | null; operation: string; message: string; source: SourcePos | null }[];
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
    errors: outcome.errors.map((e) => ({
      sku: e.sku,
      operation: e.operation,
      message: e.message,
      source: e.source ? { file: e.source.file, line: e.source.line, column: e.source.column } : null,
    })),
    requests,
  };
  if (interrupted) {
    doc.interrupted = { in_flight: interrupted.map((b) => ({ batch_id: b.batchId, kind: b.kind, size: b.size })) };
  }
  return doc;
}

/** The `requests` object from the client's counters: every request sent, and the 429s among them. */
export function requestTotals(c: RequestCounters): { total: number; throttled: number } {
  const total = Object.values(c.requests).reduce((a, b) => a + b, 0);
  return { total, throttled: c.throttled };
}

/** `apply --json` when apply stopped before writing (invalid input, refused or stale plan). */
export function refusalToJson(diagnostics: readonly Diagnostic[]): ApplyJson {
  return {
    format_version: '1',
    summary: { added: 0, changed: 0, destroyed: 0, failed: 0 },
    errors: diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({
        sku: d.sku ?? null,
        operation: 'plan',
        message: d.detail ? `${d.summary}: ${d.detail}` : d.summary,
        source: d.source ? { file: d.source.file, line: d.source.line, column: d.source.column } : null,
      })),
    requests: { total: 0, throttled: 0 },
  };
}
