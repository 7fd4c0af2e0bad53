/**
 * Pre-flight diagnostics in a pull-request comment: each with its SKU and `file:line`, so a
 * reviewer finds the line without opening the CI log. On a failed pre-flight this replaces the
 * plan; with warnings only, it follows the plan's summary.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSource } from '../model/source.js';

/** Items listed before the rest are summarized as a count (keeps the comment short). */
const LISTED = 50;

function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function item(d: Diagnostic): string {
  const where = d.source ? `\`${formatSource(d.source)}\`` : '';
  const sku = d.sku !== undefined ? `\`${escapeCell(d.sku)}\`` : '';
  const fix = d.detail ? ` — ${escapeCell(d.detail)}` : '';
  return `| ${d.severity} | ${where} | ${sku} | ${escapeCell(d.summary)}${fix} |`;
}

export function preflightTable(diags: readonly Diagnostic[]): string[] {
  const ordered = [...diags.filter((d) => d.severity === 'error'), ...diags.filter((d) => d.severity !== 'error')];
  const lines = ['| | where | SKU | problem and fix |', '|---|---|---|---|', ...ordered.slice(0, LISTED).map(item)];
  if (ordered.length > LISTED) lines.push('', `… and ${ordered.length - LISTED} more; run \`shelf plan\` for all of them.`);
  return lines;
}

/** The comment for a plan the pre-flight refused: its diagnostics instead of a plan. */
export function renderPreflightFailureMarkdown(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const counts = `${errors} error${errors === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`;
  return [
    '### shelf plan',
    '',
    '> [!CAUTION]',
    `> **Pre-flight failed (${counts}):** no plan was made and nothing can be applied until these are fixed.`,
    '',
    ...preflightTable(diags),
    '',
  ].join('\n');
}
