/**
 * A pull-request comment for a plan that could not be made (invalid YAML, a pre-flight
 * refusal, an unreachable API): the errors with their `file:line`, so the comment that showed
 * the previous push's plan now shows why there is none.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSource } from '../model/source.js';
import { safeText } from './safe-text.js';

const SHOWN = 50;

/** Inline code that no backtick in the text can close early. */
function code(text: string): string {
  const safe = safeText(text).replace(/`/g, "'");
  return `\`${safe}\``;
}

export function renderPlanFailureMarkdown(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.length - errors.length;
  const lines = ['### shelf plan failed', '', `No plan: ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first.`, ''];
  for (const d of errors.slice(0, SHOWN)) {
    const where = d.source ? `${code(formatSource(d.source))}: ` : '';
    lines.push(`- ${where}${safeText(d.summary).replace(/\n/g, ' ')}`);
    if (d.detail) lines.push(`  <br>${safeText(d.detail.split('\n')[0] ?? '')}`);
  }
  if (errors.length > SHOWN) lines.push(`- … and ${errors.length - SHOWN} more: see the job log.`);
  if (warnings > 0) lines.push('', `${warnings} warning${warnings === 1 ? '' : 's'}: see the job log.`);
  return `${lines.join('\n')}\n`;
}
