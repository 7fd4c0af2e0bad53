/**
 * The diff: desired catalog + remote records → plan. Pure and synchronous (no I/O), so it is
 * tested with hand-built records and shared by `plan`, `apply` and `show`.
 */
import type { DesiredCatalog } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DesiredProduct, RemoteProduct } from '../model/product.js';
import { estimateCost } from './cost.js';
import { changedFieldNames, creationFields, deletionFields, updateFields } from './field-changes.js';
import { fingerprintRemote } from './fingerprint.js';
import { inScope, protectMatcher } from './scope.js';
import type { Plan, ResourceChange } from './types.js';

export interface DiffOptions {
  /** `--target`: plan only these SKUs (creates, updates and deletes alike). */
  targets?: readonly string[];
}

export function diffCatalog(desired: DesiredCatalog, remote: readonly RemoteProduct[], options: DiffOptions = {}): Plan {
  const { settings } = desired;
  const targets = options.targets && options.targets.length > 0 ? new Set(options.targets) : undefined;
  const wanted = (sku: string) => targets === undefined || targets.has(sku);
  // Walked from the remote side, looking each record's SKU up in the catalog: the catalog's map
  // is there already, and a map of 100,000 remote records costs more than the walk. `remote`
  // holds each SKU once, as every read gives it.
  const changes: ResourceChange[] = [];
  const gone: RemoteProduct[] = [];
  let unchanged = 0;
  let matched = 0;
  for (const r of remote) {
    if (!wanted(r.sku)) continue;
    const d = desired.products.get(r.sku);
    if (!d) {
      gone.push(r);
      continue;
    }
    matched += 1;
    const fields = updateFields(d, r);
    if (fields.length === 0) unchanged += 1;
    else
      changes.push({
        sku: d.sku,
        action: 'update',
        changed: changedFieldNames(fields),
        fields,
        before: r,
        after: d,
        source: d.source,
        remoteFingerprint: fingerprintRemote(r),
      });
  }
  // SKUs Seller Center lacks: sought only when some catalog SKU found no record.
  const wantedDesired = targets === undefined ? desired.products.size : [...targets].filter((sku) => desired.products.has(sku)).length;
  if (matched < wantedDesired) {
    const listed = new Set(remote.map((r) => r.sku));
    for (const d of desired.products.values()) if (wanted(d.sku) && !listed.has(d.sku)) changes.push(createChange(d));
  }

  const warnings: Diagnostic[] = [];
  const isProtected = protectMatcher(settings.protect);
  const kept: string[] = [];
  for (const r of gone) {
    if (!inScope(r, settings.scope)) continue;
    if (!settings.prune) continue;
    if (isProtected(r.sku)) {
      kept.push(r.sku);
      continue;
    }
    const fields = deletionFields(r);
    changes.push({
      sku: r.sku,
      action: 'delete',
      changed: changedFieldNames(fields),
      fields,
      before: r,
      after: null,
      remoteFingerprint: fingerprintRemote(r),
    });
  }
  if (kept.length > 0) warnings.push(protectedWarning(kept.sort()));

  changes.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const count = (action: ResourceChange['action']) => changes.filter((c) => c.action === action).length;
  return {
    summary: { add: count('create'), change: count('update'), destroy: count('delete'), unchanged },
    changes,
    cost: estimateCost(changes, settings.sellerCenter.rateLimits),
    warnings,
  };
}

function createChange(d: DesiredProduct): ResourceChange {
  const fields = creationFields(d);
  return {
    sku: d.sku,
    action: 'create',
    changed: changedFieldNames(fields),
    fields,
    before: null,
    after: d,
    source: d.source,
    remoteFingerprint: null,
  };
}

function protectedWarning(skus: string[]): Diagnostic {
  const shown = skus.slice(0, 10).join(', ');
  const more = skus.length > 10 ? ` and ${skus.length - 10} more` : '';
  return {
    severity: 'warning',
    code: 'protected-not-deleted',
    summary: `${skus.length} product${skus.length === 1 ? '' : 's'} not in the catalog ${skus.length === 1 ? 'is' : 'are'} kept because \`protect\` matches: ${shown}${more}`,
  };
}
