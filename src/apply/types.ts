/**
 * Plain data exchanged between the apply stages: the events the executor emits and the per-SKU
 * outcome the report is built from. The operations it executes are planned in plan/writes.
 */
import type { BatchKind, BatchState } from '../remote/types.js';
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

export interface ExecutionResult {
  errors: RecordError[];
  /** SKUs whose every submitted operation succeeded, per kind. */
  succeeded: Map<OperationName, Set<string>>;
  /** SKUs whose work was not sent, or still in flight, when the run was interrupted. */
  notAttempted: Set<string>;
  interrupted?: { inFlight: InFlightBatch[] };
}
