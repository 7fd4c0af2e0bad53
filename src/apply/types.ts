/**
 * Plain data exchanged between the apply stages: the events the executor emits and the per-SKU
 * outcome the report is built from. The operations it executes are planned in plan/writes.
 */
import type { BatchKind, BatchState, BatchUnknownCause } from '../remote/types.js';
import type { SourcePos } from '../model/source.js';

/** The operation names used in reports and `--json` errors (`products`, `prices`, `stocks`, …). */
export type OperationName = BatchKind;

/** Everything the executor tells its listeners; progress, counters and reports listen. */
export type ApplyEvent =
  | { type: 'start'; chunks: number; items: number }
  /** A chunk is ready and waits for the quota (the client's limiter) to let it go. */
  | { type: 'chunk-queued'; kind: BatchKind; size: number }
  | { type: 'chunk-submitted'; kind: BatchKind; batchId: string; size: number; submitted: number }
  | { type: 'chunk-rejected'; kind: BatchKind; size: number; message: string }
  | { type: 'batch-finished'; kind: BatchKind; batchId: string; state: BatchState; failed: number; size: number }
  | { type: 'record-failed'; sku: string; operation: OperationName; message: string; batchId?: string }
  | { type: 'record-skipped'; sku: string; operation: OperationName; reason: string }
  | { type: 'collected'; batchId: string; kind: BatchKind; state: BatchState; failed: number; size: number }
  | { type: 'interrupted'; inFlight: InFlightBatch[] };

export type ApplyListener = (event: ApplyEvent) => void;

export interface InFlightBatch {
  batchId: string;
  kind: BatchKind;
  size: number;
}

/** One failed (or skipped) record, before it is mapped to a YAML position. */
export interface RecordError {
  sku: string;
  operation: OperationName;
  message: string;
  /** The field the API complained about, when its message names one (`price`, `attributes.COLOR`). */
  field?: string;
  source?: SourcePos;
  /** Set when the failure was collected from a batch an interrupted earlier apply left in flight. */
  recoveredBatch?: string;
  /**
   * How a recovered failure stopped mattering: this run wrote the SKU again successfully
   * (`rewritten`), or the fresh plan found its remote record already as configured (`matches`).
   */
  resolved?: 'rewritten' | 'matches';
}

/**
 * Why a record's outcome is not known: the batch's own cause (`unreachable`, `auth`, …), `gone`
 * (the API no longer knows the batch), `lost-answer` (the write may have been taken but its answer
 * was lost) or `interrupted`.
 */
export type UnknownCause = BatchUnknownCause | 'gone' | 'lost-answer' | 'interrupted';

/** A record whose write the API may have carried out, without shelf learning whether it did. Never a failure. */
export interface UnknownRecord {
  sku: string;
  operation: OperationName;
  batchId?: string;
  cause: UnknownCause;
  reason: string;
  /** With cause `unreachable`: when the API became unreachable (ISO 8601). */
  since?: string;
}

/** A record this run did not send, and why (the run stopped, its product's outcome is unknown, …). */
export interface NotSentRecord {
  sku: string;
  operation: OperationName;
  reason: string;
}

export interface ExecutionResult {
  errors: RecordError[];
  /** Records of accepted batches whose outcome is not known. */
  unknown: UnknownRecord[];
  /** Records never sent (interrupted, stopped by a cause that would refuse them too). */
  notSent: NotSentRecord[];
  /** Why the run stopped submitting before the end (a revoked token, a journal that cannot be written). */
  stopped?: { cause: 'auth' | 'journal'; message: string; error?: unknown };
  /** SKUs whose every submitted operation succeeded, per kind. */
  succeeded: Map<OperationName, Set<string>>;
  /** SKUs whose work was not sent, or still in flight, when the run was interrupted. */
  notAttempted: Set<string>;
  interrupted?: { inFlight: InFlightBatch[] };
}
