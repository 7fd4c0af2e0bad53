/**
 * `apply PLANFILE` applies exactly the saved plan, and only if the remote records it touches
 * are still what the plan was made against: each is read again (filtered reads of those SKUs
 * only) and its fingerprint compared. A SKU created since (for a planned create) or changed
 * or gone (for an update or delete) makes the plan stale.
 */
import type { RemoteProduct } from '../model/product.js';
import { fingerprintRemote } from './fingerprint.js';
import type { Plan } from './types.js';

export interface StaleRecord {
  sku: string;
  reason: string;
}

export function findStaleRecords(plan: Plan, current: readonly RemoteProduct[]): StaleRecord[] {
  const bySku = new Map(current.map((p) => [p.sku, p]));
  const stale: StaleRecord[] = [];
  for (const change of plan.changes) {
    const now = bySku.get(change.sku);
    if (change.action === 'create') {
      if (now) stale.push({ sku: change.sku, reason: 'was created remotely after the plan was made' });
    } else if (!now) {
      stale.push({ sku: change.sku, reason: 'no longer exists remotely' });
    } else if (change.remoteFingerprint !== null && fingerprintRemote(now) !== change.remoteFingerprint) {
      stale.push({ sku: change.sku, reason: 'changed remotely after the plan was made' });
    }
  }
  return stale;
}
