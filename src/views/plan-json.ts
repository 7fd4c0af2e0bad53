/**
 * `plan --json` / `show --json`: one JSON document, exactly the contract's shape
 * (`format_version`, `summary`, `resource_changes`), plus cost and warnings.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { diagnosticToJson } from './diagnostic-json.js';
import { changeRecords } from './plan-records.js';
import { formatRate } from './plan-format.js';

export const PLAN_JSON_FORMAT_VERSION = '1';

export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    format_version: PLAN_JSON_FORMAT_VERSION,
    summary: { ...plan.summary },
    resource_changes: plan.changes.map((c) => {
      const { before, after, beforeUnknown } = changeRecords(c);
      return {
        sku: c.sku,
        action: c.action,
        changed: c.changed,
        before,
        after,
        ...(beforeUnknown.length > 0 ? { before_unknown: beforeUnknown } : {}),
        source: c.source ?? null,
      };
    }),
    cost: plan.cost.map((c) => ({
      resource: `i2/${c.resource}`,
      requests: c.requests,
      quota: formatRate(c.quota),
      minimum_seconds: Math.ceil(c.minimumMs / 1000),
      ...(c.writes ? { writes: { ...c.writes } } : {}),
      ...(c.minimumStatusChecks !== undefined ? { minimum_status_checks: c.minimumStatusChecks } : {}),
      ...(c.resource === 'products' && plan.catalogSearches ? { catalog_searches: plan.catalogSearches } : {}),
    })),
    warnings: plan.warnings.map(diagnosticJson),
    ...(plan.linkedProductNames && Object.keys(plan.linkedProductNames).length > 0 ? { linked_products: { ...plan.linkedProductNames } } : {}),
  };
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}

/** `--json` when no plan could be made: still one JSON document, listing the problems. */
export function renderPlanErrorsJson(diagnostics: readonly Diagnostic[]): string {
  const doc = {
    format_version: PLAN_JSON_FORMAT_VERSION,
    errors: diagnostics
      .filter((d) => d.severity === 'error')
      .map(diagnosticJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const diagnosticJson = (d: Diagnostic) => diagnosticToJson(d, { severity: false });
