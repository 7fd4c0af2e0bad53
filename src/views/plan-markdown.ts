/**
 * A plan as a pull-request comment: the summary, cost and any deletion warning stay visible;
 * the per-SKU changes go in a collapsible block as a diff. The comment stays under 60,000
 * characters (hosts cap comments near 65,536), saying how much was left out.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSource } from '../model/source.js';
import type { FieldChange, Plan, ResourceChange } from '../plan/types.js';
import type { Allowance } from '../plan/plan-file.js';
import { isUnknown } from '../plan/values.js';
import { allowanceMarkdown } from './allowance-note.js';
import { safeText } from './safe-text.js';
import { costLine, formatValue, hasChanges, NO_CHANGES, summaryLine } from './plan-format.js';
import { preflightTable } from './preflight-markdown.js';

export const MARKDOWN_LIMIT = 60_000;
const DELETED_SKUS_SHOWN = 20;

export function renderPlanMarkdown(
  plan: Plan,
  opts: { limit?: number; refusals?: readonly Diagnostic[]; preflight?: readonly Diagnostic[]; allowed?: readonly Allowance[] } = {},
): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const head: string[] = ['### shelf plan', '', ...allowanceMarkdown(opts.allowed)];
  // Pre-flight warnings (e.g. an attribute the category does not define) with their file and line.
  const preflight = opts.preflight ?? [];
  const checks = preflight.length > 0 ? ['**Pre-flight warnings:**', '', ...preflightTable(preflight), ''] : [];
  if (!hasChanges(plan)) {
    head.push(NO_CHANGES);
    if (checks.length > 0) head.push('', ...checks);
    for (const w of plan.warnings) head.push('', `> [!NOTE]\n> ${w.summary}`);
    return `${head.join('\n')}\n`;
  }
  head.push(`**${summaryLine(plan.summary)}**`, '');
  for (const r of opts.refusals ?? []) head.push('> [!WARNING]', `> **Refused:** ${r.summary}`, '');
  const deletions = plan.changes.filter((c) => c.action === 'delete');
  if (deletions.length > 0) head.push(...deletionWarning(deletions), '');
  for (const cost of plan.cost) head.push(costLine(cost, plan.catalogSearches), '');
  for (const w of plan.warnings) head.push(`> [!NOTE]\n> ${w.summary}`, '');
  head.push(...checks);

  const blocks = plan.changes.map((c) => changeBlock(c, plan.linkedProductNames ?? {}));
  const open = `<details><summary>Changes to ${plan.changes.length} SKU${plan.changes.length === 1 ? '' : 's'}</summary>\n\n\`\`\`diff\n`;
  const close = '```\n\n</details>\n';
  // Room for the truncation note, whose length depends only on a few numbers.
  const reserve = 400;
  let text = `${head.join('\n')}\n${open}`;
  let shown = 0;
  for (const block of blocks) {
    if (text.length + block.length + close.length + reserve > limit) break;
    text += block;
    shown += 1;
  }
  text += close;
  if (shown < blocks.length) text += truncationNote(plan.changes.slice(shown), shown, blocks.length, limit);
  return text;
}

function deletionWarning(deletions: ResourceChange[]): string[] {
  const listed = deletions
    .slice(0, DELETED_SKUS_SHOWN)
    .map((c) => `\`${c.sku}\``)
    .join(', ');
  const more = deletions.length > DELETED_SKUS_SHOWN ? ` and ${deletions.length - DELETED_SKUS_SHOWN} more` : '';
  const n = deletions.length;
  return ['> [!CAUTION]', `> This plan **deletes ${n} product${n === 1 ? '' : 's'}** from Seller Center: ${listed}${more}.`];
}

/** `names`: catalog product names by uuid, shown next to a `product:` link. */
function changeBlock(c: ResourceChange, names: Record<string, string>): string {
  const where = c.source ? `  # ${formatSource(c.source)}` : '';
  const symbol = c.action === 'create' ? '+' : c.action === 'delete' ? '-' : '!';
  const lines = [`${symbol} ${c.sku} (${c.action})${where}`];
  for (const f of c.fields) lines.push(...fieldLines(f, names));
  return `${lines.join('\n')}\n`;
}

/** An update shows as a removed and an added line, which a diff block colours red and green. */
function fieldLines(f: FieldChange, names: Record<string, string>): string[] {
  const lines: string[] = [];
  // A value the API did not return has no old line to strike out.
  if (f.before !== undefined && !isUnknown(f.before)) lines.push(`-     ${f.path} = ${formatValue(f.before)}`);
  const linked = f.path === 'product' && typeof f.after === 'string' ? names[f.after] : undefined;
  const note = isUnknown(f.before) ? '  # current value not returned by the API' : linked !== undefined ? `  # ${safeText(linked, 80)}` : '';
  if (f.after !== undefined) lines.push(`+     ${f.path} = ${formatValue(f.after)}${note}`);
  return lines;
}

function truncationNote(hidden: ResourceChange[], shown: number, total: number, limit: number): string {
  const count = (a: ResourceChange['action']) => hidden.filter((c) => c.action === a).length;
  return (
    `\n**Truncated:** showing ${shown} of ${total} changed SKUs; ${hidden.length} more ` +
    `(${count('create')} to add, ${count('update')} to change, ${count('delete')} to destroy) are left out ` +
    `to keep this comment under ${limit.toLocaleString('en-US')} characters. ` +
    'Run `shelf plan` for the full plan.\n'
  );
}
