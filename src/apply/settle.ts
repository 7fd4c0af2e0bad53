/**
 * Settling what a run could not learn while the API is still reachable: records whose write
 * answer was lost, or whose batch the API no longer knows, are read back (a fresh plan limited
 * to their SKUs, made once their batches could have ended) and only what is not yet as
 * configured is written again. This file decides which records are settled that way and merges
 * the second run's outcome into the first; the pipeline does the reading and writing.
 */
import type { ResourceChange } from '../plan/types.js';
import type { ApplyOutcome, OperationTally } from './outcome.js';
import type { OperationName, UnknownRecord } from './types.js';

/** Causes a read-back can settle: the API answers, it just did not tell this run the outcome. */
const SETTLEABLE: ReadonlySet<UnknownRecord['cause']> = new Set(['lost-answer', 'gone']);

export function settleableSkus(outcome: ApplyOutcome): string[] {
  if (outcome.stopped) return [];
  return [...new Set((outcome.unknown ?? []).filter((u) => SETTLEABLE.has(u.cause)).map((u) => u.sku))];
}

/**
 * The first run's outcome with the settled SKUs' unknown and not-sent records replaced by what
 * the read-back found: nothing left to write (the lost write took effect: applied), or the
 * second run's own outcome for what it wrote again.
 */
export function mergeSettled(
  first: ApplyOutcome,
  firstChanges: readonly ResourceChange[],
  settled: readonly string[],
  second: { outcome: ApplyOutcome; changes: readonly ResourceChange[] },
): ApplyOutcome {
  const skus = new Set(settled);
  const rewritten = new Set(second.changes.map((c) => c.sku));
  const unknown = [...(first.unknown ?? []).filter((u) => !skus.has(u.sku)), ...(second.outcome.unknown ?? [])];
  const notSent = [...(first.notSent ?? []).filter((n) => !skus.has(n.sku)), ...(second.outcome.notSent ?? [])];
  const errors = [...first.errors, ...second.outcome.errors];
  const failed = new Set(errors.filter((e) => !e.resolved).map((e) => e.sku));
  const stillUnknown = new Set(unknown.map((u) => u.sku).filter((sku) => !failed.has(sku)));
  const secondApplied = second.outcome.applied ?? new Set<string>();

  const summary = { ...first.summary, failed: failed.size, unknown: stillUnknown.size };
  const applied = new Set(first.applied ?? []);
  for (const change of firstChanges) {
    if (!skus.has(change.sku) || failed.has(change.sku) || stillUnknown.has(change.sku)) continue;
    if (rewritten.has(change.sku) && !secondApplied.has(change.sku)) continue;
    applied.add(change.sku);
    if (change.action === 'create') summary.added += 1;
    else if (change.action === 'update') summary.changed += 1;
    else summary.destroyed += 1;
  }

  // Per operation: the first run's settled records leave unknown/not sent; a record the read-back
  // found as configured counts as applied; the second run's records count as they ended.
  const tally = new Map<OperationName, OperationTally>((first.byOperation ?? []).map(([op, t]) => [op, { ...t }]));
  const of = (op: OperationName) => {
    let t = tally.get(op);
    if (!t) tally.set(op, (t = { applied: 0, refused: 0, unknown: 0, notSent: 0 }));
    return t;
  };
  for (const u of first.unknown ?? []) {
    if (!skus.has(u.sku)) continue;
    of(u.operation).unknown -= 1;
    if (!rewritten.has(u.sku)) of(u.operation).applied += 1;
  }
  for (const n of first.notSent ?? []) {
    if (!skus.has(n.sku)) continue;
    of(n.operation).notSent -= 1;
    if (!rewritten.has(n.sku)) of(n.operation).applied += 1;
  }
  for (const [op, t] of second.outcome.byOperation ?? []) {
    const into = of(op);
    into.applied += t.applied;
    into.refused += t.refused;
    into.unknown += t.unknown;
    into.notSent += t.notSent;
  }
  const order = [...(first.byOperation ?? []).map(([op]) => op), ...[...tally.keys()].filter((op) => !(first.byOperation ?? []).some(([o]) => o === op))];

  const merged: ApplyOutcome = {
    summary,
    errors,
    notAttempted: first.notAttempted + second.outcome.notAttempted,
    applied,
    unknown,
    notSent,
    byOperation: order.map((op) => [op, tally.get(op)!]),
  };
  const stopped = first.stopped ?? second.outcome.stopped;
  if (stopped) merged.stopped = stopped;
  return merged;
}
