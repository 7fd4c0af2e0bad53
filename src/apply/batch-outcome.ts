/**
 * Reads a finished batch: which of its SKUs failed, and with what message. A batch whose
 * outcome cannot be fully known counts every SKU without a known success as failed, so the
 * report never claims a write that may not have happened.
 */
import type { BatchResult } from '../remote/types.js';
import type { OperationName, RecordError } from './types.js';

/** The field an API message is about, when it starts with one (`price: …`, `attributes.COLOR: …`). */
export function fieldOfMessage(message: string): string | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*:/.exec(message);
  return m ? m[1] : undefined;
}

export function failuresOfBatch(result: BatchResult, operation: OperationName): RecordError[] {
  const errors: RecordError[] = [];
  const failed = new Set<string>();
  for (const failure of result.failures) {
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
      : result.state === 'unknown'
        ? `batch ${result.id} ended in a status shelf does not know${result.problem ? `: ${result.problem}` : ''}`
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
