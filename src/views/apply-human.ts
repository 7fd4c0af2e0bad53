/**
 * Human apply report: each failed record terraform-style (SKU, operation, the API's message,
 * the YAML line), then `Apply complete! …` or a failure summary.
 */
import pc from 'picocolors';
import { type ApplyOutcome, standingRecoveredSkus } from '../apply/outcome.js';
import type { InFlightBatch, RecordError } from '../apply/types.js';
import { formatSource } from '../model/source.js';
import { sourceExcerpt } from './source-excerpt.js';

type Colors = ReturnType<typeof pc.createColors>;

export function renderRecordError(e: RecordError, opts: { root: string; color: boolean }): string {
  const c = pc.createColors(opts.color);
  const lines = [`${c.red(c.bold('Error:'))} ${c.bold(e.sku)}: ${e.operation}: ${e.message}`];
  if (e.source) {
    lines.push('', `  on ${formatSource(e.source)}:`);
    const excerpt = sourceExcerpt(opts.root, e.source);
    if (excerpt) lines.push(...excerpt.replace(/\n$/, '').split('\n').map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function resources(s: ApplyOutcome['summary']): string {
  return `${s.added} added, ${s.changed} changed, ${s.destroyed} destroyed`;
}

export function applySummaryLine(outcome: ApplyOutcome, c: Colors = pc.createColors(false)): string {
  const { summary } = outcome;
  if (summary.failed === 0 && outcome.notAttempted === 0) {
    return c.green(c.bold(`Apply complete! Resources: ${resources(summary)}.`));
  }
  const earlier = standingRecoveredSkus(outcome.errors).size;
  const failed = earlier > 0 ? `${summary.failed} failed (${earlier} in batches of an earlier apply)` : `${summary.failed} failed`;
  const parts = summary.failed > 0 ? [failed] : [];
  if (outcome.notAttempted > 0) parts.push(`${outcome.notAttempted} not applied`);
  const verdict = summary.failed > 0 ? 'Apply failed!' : 'Apply interrupted!';
  return c.red(c.bold(`${verdict} Resources: ${resources(summary)}, ${parts.join(', ')}.`));
}

export function renderApplyHuman(
  outcome: ApplyOutcome,
  opts: { root: string; color: boolean; interrupted?: InFlightBatch[] },
): string {
  const c = pc.createColors(opts.color);
  // Failures collected from an earlier run's batches were shown on stderr before the plan.
  const blocks = outcome.errors.filter((e) => e.recoveredBatch === undefined).map((e) => renderRecordError(e, opts));
  if (opts.interrupted) blocks.push(renderInterrupted(opts.interrupted, c));
  blocks.push(`${applySummaryLine(outcome, c)}\n`);
  return blocks.join('\n');
}

export function renderInterrupted(inFlight: InFlightBatch[], c: Colors = pc.createColors(false)): string {
  const lines = [`${c.yellow(c.bold('Interrupted:'))} no further batches were submitted.`];
  if (inFlight.length === 0) lines.push('No batch was in flight.');
  else {
    lines.push('Batches still in flight (the next `shelf apply` collects their results):');
    for (const b of inFlight) lines.push(`  ${b.batchId}  ${b.kind}, ${b.size} item${b.size === 1 ? '' : 's'}`);
  }
  return `${lines.join('\n')}\n`;
}
