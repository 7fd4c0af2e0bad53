/**
 * `shelf plan`: run the plan pipeline, optionally save the plan, show it through the view the
 * flags choose (human, JSON, markdown), and map the outcome to the contract's exit codes.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.js';
import { preparePlan, savePlan } from '../pipeline/plan-run.js';
import { allowancesOf } from '../plan/plan-file.js';
import { hasChanges } from '../views/plan-format.js';
import { planView } from '../views/plan-view.js';
import { readProgress } from '../views/read-progress.js';
import { createWaitStatus } from '../views/wait-status.js';
import { ciFindings } from './ci-findings.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import { type PlanFlags, planRequestOf } from './plan-flags.js';
import { runContextOf } from './run-context.js';

export interface PlanOptions extends PlanFlags {
  dir: string;
  out?: string;
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
}

export async function runPlan(opts: PlanOptions, io: CommandIO): Promise<number> {
  const request = planRequestOf(opts);
  const view = planView(io, opts.json ? 'json' : opts.markdown ? 'markdown' : 'human', { allowed: allowancesOf(request) });
  const dir = resolve(io.cwd, opts.dir);
  // The client's waits (quota, retries) go to stderr as they start; nothing waits after the read.
  const waits = createWaitStatus({ stream: io.stderr });
  const ctx = runContextOf(io, { onWait: waits.notice });
  const prepared = await preparePlan(dir, request, ctx, readProgress(io.stderr, { waits })).finally(() => waits.done());
  try {
    const root = prepared.catalog?.settings.root ?? dir;
    const { plan, catalog } = prepared;
    const diagnostics = [...prepared.diagnostics];
    // The plan file is written before anything is printed, so output and exit code agree.
    if (plan && catalog && prepared.apiBaseUrl && opts.out && !hasErrors(diagnostics)) {
      const origin = { catalog, apiBaseUrl: prepared.apiBaseUrl };
      const unwritable = await savePlan(resolve(io.cwd, opts.out), plan, origin, request, opts.out);
      if (unwritable) diagnostics.push(unwritable);
    }
    const failed = hasErrors(diagnostics) || !plan;
    view.planShown(plan, diagnostics, failed, prepared.preflight);
    view.diagnostics(diagnostics, root);
    ciFindings(io).diagnostics(diagnostics, root);
    if (failed) return EXIT_ERROR;
    if (opts.out) view.saved(opts.out);
    return opts.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
  } finally {
    await prepared.client?.close();
  }
}
