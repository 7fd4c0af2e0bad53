/**
 * `shelf apply [DIR | PLANFILE]`: collect what an interrupted run left, plan (or load and
 * re-check a saved plan), show it, confirm, execute inside the quotas, report every record.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ApplyInput, type ApplyRun, startApply } from '../pipeline/apply-run.js';
import { applyView, type ApplyView } from '../views/apply-view.js';
import { readProgress } from '../views/read-progress.js';
import { createWaitStatus, type WaitStatus } from '../views/wait-status.js';
import { ciFindings, withCiFindings } from './ci-findings.js';
import { type CommandIO, EXIT_ERROR, EXIT_OK } from './io.js';
import { type PlanFlags, planRequestOf } from './plan-flags.js';
import { runContextOf } from './run-context.js';

export interface ApplyOptions extends PlanFlags {
  /** A catalog repository directory, or a plan file saved with `plan --out`. */
  path: string;
  autoApprove?: boolean;
  json?: boolean;
}

export async function runApply(opts: ApplyOptions, io: CommandIO): Promise<number> {
  const path = resolve(io.cwd, opts.path);
  const input: ApplyInput = { ...planRequestOf(opts), path, isPlanFile: await stat(path).then((s) => s.isFile(), () => false) };
  const json = opts.json === true;
  // The client's waits (quota, retries) go to stderr as they start, inside the live line that hosts them.
  const waits = createWaitStatus({ stream: io.stderr });
  const started = await startApply(input, runContextOf(io, { onWait: waits.notice }), io.cwd);
  if ('refused' in started) {
    withCiFindings(applyView(io, { json }), ciFindings(io)).refused(started.refused, started.root);
    return EXIT_ERROR;
  }
  if ('lockedBy' in started) {
    applyView(io, { json }).locked(started.lockedBy, started.root);
    return EXIT_ERROR;
  }
  const { run } = started;
  const view = withCiFindings(applyView(io, { json }, run), ciFindings(io));
  try {
    return await applyOnce(run, opts, view, io, waits);
  } finally {
    waits.done();
    await run.close();
  }
}

async function applyOnce(run: ApplyRun, opts: ApplyOptions, view: ApplyView, io: CommandIO, waits: WaitStatus): Promise<number> {
  const { root, backlog } = run;
  // 1. What an interrupted run left in flight is collected, never resubmitted.
  if (backlog.elsewhere) view.elsewhere(backlog.elsewhere);
  if (backlog.uncertain.length > 0) {
    view.uncertainSuperseded(backlog.uncertain.length);
    await run.supersedeUncertain();
  }
  if (backlog.batches.length > 0) {
    view.collecting(backlog.batches.length);
    const { recovered, diagnostics } = await run.collect();
    waits.done();
    if (!recovered) {
      view.refused(diagnostics, root);
      return EXIT_ERROR;
    }
    view.recovered(recovered, root);
    if (recovered.unresolved.length > 0) {
      view.unresolved(recovered.unresolved.length);
      return EXIT_ERROR;
    }
  }

  // 2. The plan: made now, or the saved one checked against the remote records it touches.
  const prepared = await run.prepare(readProgress(io.stderr, { waits }));
  waits.done();
  const { plan, client } = prepared;
  if (!plan || !client) {
    view.refused(prepared.diagnostics, root);
    return EXIT_ERROR;
  }
  view.notes(prepared.diagnostics.filter((d) => d.severity !== 'error'), root);
  if (plan.changes.length === 0) {
    const outcome = run.nothingToDo();
    view.nothingToDo(outcome, root);
    return outcome.summary.failed > 0 ? EXIT_ERROR : EXIT_OK;
  }

  // 3. Show, confirm, execute, report.
  view.planShown(plan);
  if (!opts.autoApprove && (await view.confirm()) !== 'approved') return EXIT_ERROR;
  const progress = view.progress(prepared.quota ?? { requests: 10, windowMs: 60_000 }, waits);
  const { outcome, interrupted } = await run.execute(plan, client, progress.listener, prepared.quota);
  progress.done();
  waits.done();
  view.report(outcome, root, interrupted);
  const incomplete = outcome.summary.failed > 0 || outcome.summary.unknown > 0 || outcome.notAttempted > 0 || outcome.stopped;
  return incomplete || interrupted ? EXIT_ERROR : EXIT_OK;
}
