/**
 * `plan --json` / `show --json`: one JSON document, exactly the contract's shape
 * (`format_version`, `summary`, `resource_changes`), plus cost and warnings.
 */
import type { Plan } from '../plan/types.js';
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
    })),
    warnings: plan.warnings.map((w) => ({
      code: w.code,
      summary: w.summary,
      ...(w.detail ? { detail: w.detail } : {}),
      ...(w.sku ? { sku: w.sku } : {}),
      ...(w.source ? { source: w.source } : {}),
    })),
  };
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
