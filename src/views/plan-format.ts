/**
 * Formatting shared by the plan views: values as the user wrote them, durations, quotas,
 * the summary and cost sentences.
 */
import { WRITE_ORDER } from '../plan/writes/write-requests.js';
import { isUnknown } from '../plan/values.js';
import type { Plan, PlanSummary, RequestCost } from '../plan/types.js';
import type { BatchKind } from '../remote/types.js';

export const KNOWN_AFTER_APPLY = '(known after apply)';
export const NO_CHANGES = 'No changes. The remote catalog matches the configuration.';

/** A field value in plan output: strings quoted, lists and objects inline, unknown values named. */
export function formatValue(value: unknown): string {
  if (isUnknown(value)) return KNOWN_AFTER_APPLY;
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} = ${formatValue(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

export function summaryLine(s: PlanSummary): string {
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}

export function hasChanges(plan: Pick<Plan, 'changes'>): boolean {
  return plan.changes.length > 0;
}

/** "45 s", "1 min 18 s", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.ceil(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** A quota as shelf.yaml writes it: 10/min, 5/s, 10/600ms. */
export function formatRate(limit: { requests: number; windowMs: number }): string {
  if (limit.windowMs === 60_000) return `${limit.requests}/min`;
  if (limit.windowMs === 1000) return `${limit.requests}/s`;
  return `${limit.requests}/${limit.windowMs}ms`;
}

const WRITE_LABELS: Record<BatchKind, string> = {
  products: 'product write',
  'prices-and-stocks': 'price-and-stock write',
  prices: 'price write',
  stocks: 'stock write',
  delete: 'delete request',
};

const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "2 product writes, 1 price-and-stock write, 3 status checks at least" (empty for a plan saved without it). */
export function costBreakdown(cost: RequestCost): string {
  const writes = cost.writes;
  if (!writes || cost.minimumStatusChecks === undefined) return '';
  const parts: string[] = [];
  for (const kind of WRITE_ORDER) if ((writes[kind] ?? 0) > 0) parts.push(counted(writes[kind]!, WRITE_LABELS[kind]));
  parts.push(`${counted(cost.minimumStatusChecks, 'status check')} at least`);
  return parts.join(', ');
}

/** `searches`: PRD108 searches planning made to check `product:` links (already spent, counted on the products line). */
export function costLine(cost: RequestCost, searches = 0): string {
  const breakdown = costBreakdown(cost);
  const requests = `${counted(cost.requests, 'request')} to i2/${cost.resource}${breakdown ? ` (${breakdown})` : ''}`;
  const rate = formatRate(cost.quota);
  const line =
    cost.minimumMs > 0
      ? `Cost: ${requests}, at least ${formatDuration(cost.minimumMs)} at ${rate}.`
      : `Cost: ${requests}, within one quota window at ${rate}.`;
  if (searches <= 0 || cost.resource !== 'products') return line;
  return `${line} Checking the product: links took ${searches} catalog search${searches === 1 ? '' : 'es'} (PRD108) while planning.`;
}

/** Long text shows as a word diff rather than two long values. */
export function isLongText(before: unknown, after: unknown): before is string {
  return typeof before === 'string' && typeof after === 'string' && Math.max(before.length, after.length) > 40;
}
