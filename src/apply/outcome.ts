/**
 * Turns what the executor saw into what the user is told: resources added, changed and
 * destroyed, and every failed record placed on the YAML line it came from.
 */
import type { DesiredProduct } from '../model/product.js';
import type { SourcePos } from '../model/source.js';
import type { ResourceChange } from '../plan/types.js';
import type { ExecutionResult, NotSentRecord, OperationName, RecordError, UnknownRecord } from './types.js';

export interface ApplySummary {
  added: number;
  changed: number;
  destroyed: number;
  failed: number;
  /** SKUs with a record whose outcome is not known (and none refused). */
  unknown: number;
}

/** What became of one operation's records (SKUs per kind of write). */
export interface OperationTally {
  applied: number;
  refused: number;
  unknown: number;
  notSent: number;
}

export interface ApplyOutcome {
  summary: ApplySummary;
  errors: RecordError[];
  /** Resources whose work was never sent because the run was interrupted. */
  notAttempted: number;
  /** SKUs whose every planned write went through in this run. */
  applied?: ReadonlySet<string>;
  /** Records whose outcome is not known: never failures. */
  unknown?: UnknownRecord[];
  notSent?: NotSentRecord[];
  /** Per operation, in the order the run sends them. */
  byOperation?: [OperationName, OperationTally][];
  /** Why the run stopped submitting before the end. */
  stopped?: ExecutionResult['stopped'];
}

const OPERATION_ORDER: readonly OperationName[] = ['products', 'prices-and-stocks', 'prices', 'stocks', 'delete'];

export function tallyByOperation(result: ExecutionResult): [OperationName, OperationTally][] {
  const tally = new Map<OperationName, OperationTally>();
  const of = (op: OperationName) => {
    let t = tally.get(op);
    if (!t) tally.set(op, (t = { applied: 0, refused: 0, unknown: 0, notSent: 0 }));
    return t;
  };
  for (const [op, skus] of result.succeeded) of(op).applied += skus.size;
  const refused = new Set<string>();
  for (const e of result.errors) {
    if (e.recoveredBatch !== undefined || refused.has(`${e.operation}\0${e.sku}`)) continue;
    refused.add(`${e.operation}\0${e.sku}`);
    // An offer held back because its product was refused is listed with the errors, but was never sent.
    if (e.message.startsWith('not sent:')) of(e.operation).notSent += 1;
    else of(e.operation).refused += 1;
  }
  for (const u of result.unknown) of(u.operation).unknown += 1;
  for (const n of result.notSent) of(n.operation).notSent += 1;
  return OPERATION_ORDER.filter((op) => tally.has(op)).map((op) => [op, tally.get(op)!]);
}

/** Which YAML position an error points at: the field the API named, else the operation's field, else the SKU. */
export function sourceOfError(e: RecordError, desired: DesiredProduct | undefined): SourcePos | undefined {
  if (!desired) return undefined;
  const fields = desired.fieldSources;
  if (e.field === 'attributes' || e.field?.startsWith('attributes.')) {
    const named = e.field.slice('attributes.'.length);
    if (named && fields[`attributes.${named}`]) return fields[`attributes.${named}`];
    // The API names the attribute in the message ("… is not a valid choice for COLOR.").
    for (const key of Object.keys(desired.attributes)) {
      if (new RegExp(`\\b${key.replace(/[^\w]/g, '\\$&')}\\b`).test(e.message) && fields[`attributes.${key}`]) {
        return fields[`attributes.${key}`];
      }
    }
    return fields.attributes ?? desired.source;
  }
  if (e.field && fields[e.field]) return fields[e.field];
  const byOperation: Partial<Record<OperationName, string[]>> = {
    prices: ['price', 'retail_price'],
    stocks: ['stock'],
    'prices-and-stocks': ['price', 'stock'],
  };
  for (const f of byOperation[e.operation] ?? []) if (fields[f]) return fields[f];
  return desired.source;
}

export function summarizeOutcome(changes: readonly ResourceChange[], result: ExecutionResult): ApplyOutcome {
  const failedSkus = new Set(result.errors.map((e) => e.sku));
  const desiredBySku = new Map(changes.filter((c) => c.after).map((c) => [c.sku, c.after!]));
  const errors = result.errors.map((e) => {
    const source = sourceOfError(e, desiredBySku.get(e.sku));
    return source ? { ...e, source } : e;
  });
  const unknownSkus = new Set(result.unknown.filter((u) => !failedSkus.has(u.sku)).map((u) => u.sku));
  const summary: ApplySummary = { added: 0, changed: 0, destroyed: 0, failed: failedSkus.size, unknown: unknownSkus.size };
  let notAttempted = 0;
  const applied = new Set<string>();
  for (const c of changes) {
    if (failedSkus.has(c.sku) || unknownSkus.has(c.sku)) continue;
    if (result.notAttempted.has(c.sku)) {
      notAttempted += 1;
      continue;
    }
    applied.add(c.sku);
    if (c.action === 'create') summary.added += 1;
    else if (c.action === 'update') summary.changed += 1;
    else summary.destroyed += 1;
  }
  const outcome: ApplyOutcome = {
    summary,
    errors,
    notAttempted,
    applied,
    unknown: result.unknown,
    notSent: result.notSent,
    byOperation: tallyByOperation(result),
  };
  if (result.stopped) outcome.stopped = result.stopped;
  return outcome;
}

/**
 * Adds the failures collected from an interrupted earlier run's batches to this run's outcome.
 * Every one is reported (marked with its batch). One counts as failed, and so toward exit 1,
 * unless the remote is now as configured: this run wrote that SKU again and every write went
 * through, or the fresh plan (made after collecting) had no change for it at all.
 */
export function withRecoveredFailures(
  outcome: ApplyOutcome,
  recovered: readonly RecordError[],
  plannedSkus: ReadonlySet<string>,
): ApplyOutcome {
  if (recovered.length === 0) return outcome;
  const applied = outcome.applied ?? new Set<string>();
  const failed = new Set(outcome.errors.map((e) => e.sku));
  const resolution = (sku: string): RecordError['resolved'] =>
    applied.has(sku) ? 'rewritten' : plannedSkus.has(sku) ? undefined : 'matches';
  const marked = recovered.map((e) => {
    const resolved = resolution(e.sku);
    return resolved ? { ...e, resolved } : e;
  });
  for (const e of marked) if (!e.resolved) failed.add(e.sku);
  return { ...outcome, errors: [...marked, ...outcome.errors], summary: { ...outcome.summary, failed: failed.size } };
}

/** The SKUs of recovered failures that still stand (not resolved by a later write). */
export function standingRecoveredSkus(errors: readonly RecordError[]): Set<string> {
  return new Set(errors.filter((e) => e.recoveredBatch !== undefined && !e.resolved).map((e) => e.sku));
}
