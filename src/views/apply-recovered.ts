/** What collecting an interrupted run's batches found, for stderr before the new plan. */
import pc from 'picocolors';
import type { RecoveryResult } from '../apply/recover.js';
import { renderRecordError, skuList } from './apply-human.js';

export function renderRecoveredBatches(r: RecoveryResult, opts: { root: string; color: boolean }): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  const failed = new Set(r.errors.map((e) => e.sku)).size;
  out.push(`Collected ${r.collected} batch(es) from an earlier apply: ${failed} record(s) had failed.\n`);
  for (const e of r.errors) out.push(renderRecordError(e, opts));
  if (r.gone.length > 0) {
    const batches = new Set(r.gone.map((u) => u.batchId)).size;
    out.push(
      `${c.yellow(c.bold('Note:'))} the API does not know ${batches} batch(es) of an earlier apply (${r.gone.length} record(s)); the new plan decides what of them is still to write.\n  ${skuList(r.gone.map((u) => u.sku))}\n`,
    );
  }
  for (const u of r.unresolved) out.push(`${c.red(c.bold('Error:'))} batch ${u.batchId}: outcome still unknown: ${u.message}\n`);
  if (r.unresolved.length > 0) out.push('Nothing new was submitted; run `shelf apply` again to collect these batches first.\n');
  return `${out.join('\n')}\n`;
}
