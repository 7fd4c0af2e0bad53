/**
 * Human apply report: each failed record terraform-style (SKU, operation, the API's message,
 * the YAML line) — or, when many records share one message, that message once with their count
 * and a few SKUs; records whose outcome is unknown or that were not sent, one message per
 * cause; per operation what was applied, refused, unknown and not sent; then `Apply complete! …`
 * or a failure summary. The JSON document lists every record.
 */
import pc from 'picocolors';
import { type ApplyOutcome, standingRecoveredSkus } from '../apply/outcome.js';
import { journalPath } from '../apply/journal.js';
import { stateDirProblem } from '../apply/state-dir-problem.js';
import type { InFlightBatch, NotSentRecord, RecordError, UnknownRecord } from '../apply/types.js';
import { renderDiagnostics } from './diagnostics.js';
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
  const unknown = summary.unknown ?? 0;
  if (summary.failed === 0 && unknown === 0 && outcome.notAttempted === 0) {
    return c.green(c.bold(`Apply complete! Resources: ${resources(summary)}.`));
  }
  const earlier = standingRecoveredSkus(outcome.errors).size;
  const failed = earlier > 0 ? `${summary.failed} failed (${earlier} in batches of an earlier apply)` : `${summary.failed} failed`;
  const parts = summary.failed > 0 ? [failed] : [];
  if (unknown > 0) parts.push(`${unknown} unknown`);
  if (outcome.notAttempted > 0) parts.push(`${outcome.notAttempted} not applied`);
  const interrupted = outcome.unknown?.some((u) => u.cause === 'interrupted') || outcome.notSent?.some((n) => n.reason.endsWith('interrupted'));
  const verdict = summary.failed > 0 ? 'Apply failed!' : !interrupted && (unknown > 0 || outcome.stopped) ? 'Apply incomplete!' : 'Apply interrupted!';
  return c.red(c.bold(`${verdict} Resources: ${resources(summary)}, ${parts.join(', ')}.`));
}

export function renderApplyHuman(
  outcome: ApplyOutcome,
  opts: { root: string; color: boolean; interrupted?: InFlightBatch[] },
): string {
  const c = pc.createColors(opts.color);
  // Failures collected from an earlier run's batches were shown on stderr before the plan.
  const blocks = renderErrors(outcome.errors.filter((e) => e.recoveredBatch === undefined), opts, c);
  if (outcome.stopped?.cause === 'journal') blocks.push(renderJournalProblem(outcome.stopped, opts.root));
  blocks.push(...renderUnknown(outcome.unknown ?? [], c));
  blocks.push(...renderNotSent(outcome.notSent ?? [], c));
  if (opts.interrupted) blocks.push(renderInterrupted(opts.interrupted, c));
  const table = renderOperations(outcome);
  if (table) blocks.push(table);
  blocks.push(`${applySummaryLine(outcome, c)}\n`);
  return blocks.join('\n');
}

/** Beyond this many records with one message, the message is shown once with a count. */
const GROUP_FROM = 4;
const SHOWN_SKUS = 5;

export function skuList(skus: readonly string[]): string {
  const unique = [...new Set(skus)];
  const shown = unique.slice(0, SHOWN_SKUS).join(', ');
  return unique.length > SHOWN_SKUS ? `${shown}, … (${unique.length - SHOWN_SKUS} more)` : shown;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function renderErrors(errors: readonly RecordError[], opts: { root: string; color: boolean }, c: Colors): string[] {
  const byMessage = new Map<string, RecordError[]>();
  for (const e of errors) byMessage.set(`${e.operation}\0${e.message}`, [...(byMessage.get(`${e.operation}\0${e.message}`) ?? []), e]);
  const blocks: string[] = [];
  for (const group of byMessage.values()) {
    if (group.length < GROUP_FROM) blocks.push(...group.map((e) => renderRecordError(e, opts)));
    else {
      const { operation, message } = group[0]!;
      blocks.push(`${c.red(c.bold('Error:'))} ${plural(group.length, 'record')}: ${operation}: ${message}\n  ${skuList(group.map((e) => e.sku))}\n`);
    }
  }
  return blocks;
}

const clockTime = (iso: string | undefined) => (iso ? ` at ${iso.slice(11, 19)}` : '');

/** One message per cause: the batches and records it left unknown, and what happens next. */
function renderUnknown(unknown: readonly UnknownRecord[], c: Colors): string[] {
  const byCause = new Map<string, UnknownRecord[]>();
  for (const u of unknown) {
    if (u.cause === 'interrupted') continue; // the interruption block names these batches
    byCause.set(u.cause, [...(byCause.get(u.cause) ?? []), u]);
  }
  const blocks: string[] = [];
  for (const [cause, records] of byCause) {
    const batches = new Set(records.map((r) => r.batchId).filter((b) => b !== undefined)).size;
    const what = batches > 0 ? `${plural(batches, 'batch', 'batches')} (${plural(records.length, 'record')}) accepted, outcome unknown` : `${plural(records.length, 'record')}, outcome unknown`;
    const first = records[0]!;
    const why =
      cause === 'unreachable'
        ? `the API became unreachable${clockTime(first.since)}; ${what} — \`shelf apply\` will collect them`
        : cause === 'auth'
          ? `the token was refused while shelf followed the writes; ${what} — once the token is valid, \`shelf apply\` collects them`
          : cause === 'gone'
            ? `the API no longer knows ${plural(batches, 'batch', 'batches')} (${plural(records.length, 'record')}); the next \`shelf apply\` plans them afresh`
            : cause === 'lost-answer'
              ? `the answer to ${plural(records.length, 'record')}' write was lost; the next \`shelf apply\` reads them back and writes what is missing`
              : `${what}: ${first.reason} — \`shelf apply\` will collect them`;
    blocks.push(`${c.yellow(c.bold('Unknown:'))} ${why}.\n  ${skuList(records.map((r) => r.sku))}\n`);
  }
  return blocks;
}

function renderNotSent(notSent: readonly NotSentRecord[], c: Colors): string[] {
  const byReason = new Map<string, NotSentRecord[]>();
  for (const n of notSent) {
    if (n.reason === 'not sent: the run was interrupted') continue; // the summary counts these
    byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n]);
  }
  return [...byReason].map(
    ([reason, records]) => `${c.yellow(c.bold('Not sent:'))} ${plural(records.length, 'record')}: ${reason.replace(/^not sent: /, '')}.\n  ${skuList(records.map((r) => r.sku))}\n`,
  );
}

/** Per operation, only when something was not applied: what became of its records. */
function renderOperations(outcome: ApplyOutcome): string | undefined {
  const rows = outcome.byOperation ?? [];
  if (rows.every(([, t]) => t.refused === 0 && t.unknown === 0 && t.notSent === 0)) return undefined;
  const width = Math.max(...rows.map(([op]) => op.length));
  const lines = rows.map(([op, t]) => `  ${`${op}:`.padEnd(width + 1)} ${t.applied} applied, ${t.refused} refused, ${t.unknown} unknown, ${t.notSent} not sent`);
  return `Records per operation:\n${lines.join('\n')}\n`;
}

/** The journal could not be written after writes had begun: what was sent is reported, and why shelf stopped. */
function renderJournalProblem(stopped: NonNullable<ApplyOutcome['stopped']>, root: string): string {
  const problem = stateDirProblem(stopped.error, journalPath(root), root, { beforeWrites: false }) ?? {
    severity: 'error' as const,
    code: 'journal-unwritable',
    summary: `Cannot write shelf's journal .shelf/journal.jsonl (${stopped.message})`,
    detail: 'Make `.shelf/` writable and run `shelf apply` again.',
  };
  const diagnostic = {
    ...problem,
    summary: `${problem.summary}. No further batch was submitted; the batches already accepted were followed to their end`,
  };
  return renderDiagnostics([diagnostic], { root, color: false });
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
