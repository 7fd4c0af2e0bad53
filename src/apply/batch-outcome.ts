/**
 * Reads a finished batch: which of its SKUs failed (and with what message), and which have an
 * outcome shelf could not learn. A batch the API no longer knows (`gone`) or whose status could
 * not be read to its end (`unknown`) is never counted as failed nor as succeeded: its records are
 * unknown, and the next apply's fresh plan decides what still has to be written.
 */
import type { BatchResult } from '../remote/types.js';
import type { OperationName, RecordError, UnknownRecord } from './types.js';

/** The field an API message is about, when it starts with one (`price: …`, `attributes.COLOR: …`). */
export function fieldOfMessage(message: string): string | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*:/.exec(message);
  return m ? m[1] : undefined;
}

export interface BatchOutcome {
  errors: RecordError[];
  unknown: UnknownRecord[];
}

/** "not found" for a SKU a delete meant to remove: it is already gone, which is what was wanted. */
export function isAlreadyDeleted(messages: readonly string[]): boolean {
  return messages.length > 0 && messages.every((m) => /not found/i.test(m));
}

export function outcomeOfBatch(result: BatchResult, operation: OperationName): BatchOutcome {
  if (result.state === 'gone' || result.state === 'unknown') {
    const cause = result.state === 'gone' ? 'gone' : (result.cause ?? 'unknown-status');
    const reason = result.problem ?? (result.state === 'gone' ? `the API does not know batch ${result.id}` : `the outcome of batch ${result.id} is not known`);
    const known = new Set(result.failures.map((f) => f.sku));
    return {
      errors: [],
      unknown: result.skus
        .filter((sku) => !known.has(sku))
        .map((sku) => ({
          sku,
          operation,
          batchId: result.id,
          cause,
          reason,
          ...(result.unreachableSince ? { since: result.unreachableSince } : {}),
        })),
    };
  }
  return { errors: failuresOfBatch(result, operation), unknown: [] };
}

export function failuresOfBatch(result: BatchResult, operation: OperationName): RecordError[] {
  const errors: RecordError[] = [];
  const failed = new Set<string>();
  for (const failure of result.failures) {
    // A delete answered "not found" for a SKU it meant to remove has done its job.
    if (operation === 'delete' && isAlreadyDeleted(failure.messages)) continue;
    failed.add(failure.sku);
    const messages = failure.messages.length > 0 ? failure.messages : ['rejected without a message'];
    for (const message of messages) {
      const field = fieldOfMessage(message);
      errors.push({ sku: failure.sku, operation, message, ...(field ? { field } : {}) });
    }
  }
  const wholeBatchMessage =
    result.state === 'failed' && result.failures.length === 0
      ? `batch ${result.id} failed${result.problem ? `: ${result.problem}` : ''}`
      : result.state === 'partially_succeeded' && result.problem
        ? `batch ${result.id} partially succeeded but its error file could not be read: ${result.problem}`
        : undefined;
  if (wholeBatchMessage) {
    for (const sku of result.skus) {
      if (!failed.has(sku)) errors.push({ sku, operation, message: wholeBatchMessage });
    }
  }
  return errors;
}
