/**
 * Error files: an array of the failed records, each with an `errors` list such as
 * `[{"sku": "A product with the given SKU is not found."}]`. The list may also hold plain
 * strings or `{field: [messages]}`; every shape is flattened to "field: message" lines.
 */
import type { RecordFailure } from './types.js';

function flatten(errors: unknown, prefix: string, out: string[]): void {
  if (errors === undefined || errors === null) return;
  if (typeof errors === 'string' || typeof errors === 'number' || typeof errors === 'boolean') {
    out.push(prefix ? `${prefix}: ${String(errors)}` : String(errors));
  } else if (Array.isArray(errors)) {
    for (const e of errors) flatten(e, prefix, out);
  } else if (typeof errors === 'object') {
    for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
      // `non_field_errors` / `detail` describe the record as a whole, not a field.
      const field = key === 'non_field_errors' || key === 'detail' ? prefix : prefix ? `${prefix}.${key}` : key;
      flatten(value, field, out);
    }
  }
}

export function parseErrorFile(body: unknown): RecordFailure[] {
  const records = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { results?: unknown }).results)
      ? ((body as { results: unknown[] }).results)
      : [];
  const failures: RecordFailure[] = [];
  for (const entry of records) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const record = entry as Record<string, unknown>;
    const messages: string[] = [];
    flatten(record.errors ?? record.error ?? record.messages, '', messages);
    const { errors: _errors, ...fields } = record;
    const sku = typeof record.sku === 'string' ? record.sku : typeof record.sku === 'number' ? String(record.sku) : '';
    failures.push({ sku, messages: messages.length > 0 ? messages : ['failed (no reason given)'], record: fields });
  }
  return failures;
}
