/**
 * `apply PLANFILE` applies exactly the saved plan, and only if the remote records it touches
 * are still what the plan was made against: each is read again (filtered reads of those SKUs
 * only) and its fingerprint compared. A SKU created since (for a planned create) or changed
 * or gone (for an update or delete) makes the plan stale.
 *
 * What changed is said, not just that something did: the plan keeps the record it was made
 * against (`before`), so each differing field is named with its old and new value. And a
 * record that now is exactly what the plan would make (`after`; gone, for a delete) is not
 * "changed remotely": the plan was applied already.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { RemoteProduct } from '../model/product.js';
import { updateFields } from './field-changes.js';
import { fingerprintRemote } from './fingerprint.js';
import type { Plan, ResourceChange } from './types.js';

export interface StaleRecord {
  sku: string;
  /** `applied`: the remote record is now what this change would make it. */
  kind: 'created' | 'gone' | 'changed' | 'applied';
  reason: string;
}

/** The values a remote record holds, by the field paths plans use (`attributes.COLOR`). */
function fieldValues(p: RemoteProduct): Map<string, unknown> {
  const values = new Map<string, unknown>([
    ['name', p.name],
    ['base_code', p.base_code],
    ['category', p.category],
    ['images', p.images ?? []],
    ['videos', p.videos ?? []],
    ['product', p.product ?? null],
    ['restrict_for_others', p.restrict_for_others],
    ['price', p.price],
    ['retail_price', p.retail_price],
    ['stock', p.stock],
  ]);
  for (const [key, value] of Object.entries(p.attributes ?? {})) values.set(`attributes.${key}`, value);
  return values;
}

const shown = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** `price "199.90" → "179.90", stock 10 → 3`: the fields that differ between two reads of a record. */
export function describeRemoteChange(before: RemoteProduct, now: RemoteProduct, max = 4): string {
  const was = fieldValues(before);
  const is = fieldValues(now);
  const paths = [...new Set([...was.keys(), ...is.keys()])];
  const differing = paths.filter((path) => JSON.stringify(was.get(path)) !== JSON.stringify(is.get(path)));
  const listed = differing.slice(0, max).map((path) => `${path} ${shown(was.get(path))} → ${shown(is.get(path))}`);
  if (differing.length > max) listed.push(`and ${differing.length - max} more`);
  return listed.join(', ');
}

/** Whether the remote record now holds what the change would write. */
function alreadyApplied(change: ResourceChange, now: RemoteProduct | undefined): boolean {
  if (change.action === 'delete') return now === undefined;
  return now !== undefined && change.after !== null && updateFields(change.after, now).length === 0;
}

export function findStaleRecords(plan: Plan, current: readonly RemoteProduct[]): StaleRecord[] {
  const bySku = new Map(current.map((p) => [p.sku, p]));
  const stale: StaleRecord[] = [];
  for (const change of plan.changes) {
    const now = bySku.get(change.sku);
    const { sku } = change;
    if (change.action === 'create') {
      if (!now) continue;
      if (alreadyApplied(change, now)) stale.push({ sku, kind: 'applied', reason: 'was created since, exactly as this plan would create it' });
      else stale.push({ sku, kind: 'created', reason: 'was created remotely after the plan was made' });
    } else if (!now) {
      if (change.action === 'delete') stale.push({ sku, kind: 'applied', reason: 'is already deleted' });
      else stale.push({ sku, kind: 'gone', reason: 'no longer exists remotely' });
    } else if (change.remoteFingerprint !== null && fingerprintRemote(now) !== change.remoteFingerprint) {
      if (alreadyApplied(change, now)) {
        stale.push({ sku, kind: 'applied', reason: 'already holds what this plan would write' });
      } else {
        const what = change.before ? describeRemoteChange(change.before, now) : '';
        stale.push({ sku, kind: 'changed', reason: `changed remotely after the plan was made${what ? `: ${what}` : ''}` });
      }
    }
  }
  return stale;
}

/** The refusal: one line for the plan ("already applied" when every planned change is), one per record. */
export function staleDiagnostics(plan: Plan, stale: readonly StaleRecord[]): Diagnostic[] {
  const applied = stale.filter((s) => s.kind === 'applied').length;
  const n = stale.length;
  const head: Diagnostic =
    applied === plan.changes.length && applied > 0
      ? {
          severity: 'error',
          code: 'plan-already-applied',
          summary: 'This plan was already applied: every record it changes is now as it would make it. Nothing was written.',
          detail: '`shelf plan` shows what, if anything, still differs.',
        }
      : {
          severity: 'error',
          code: 'stale-plan',
          summary:
            `The saved plan is stale: ${n} remote record${n === 1 ? '' : 's'} changed since it was made` +
            `${applied > 0 ? ` (${applied} of them already as this plan would make ${applied === 1 ? 'it' : 'them'})` : ''}. Nothing was written.`,
          detail: 'Make a new plan with `shelf plan --out`, review it, and apply that.',
        };
  return [head, ...stale.map((s): Diagnostic => ({ severity: 'error', code: 'stale-record', summary: `${s.sku} ${s.reason}`, sku: s.sku }))];
}
