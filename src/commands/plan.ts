/**
 * `shelf plan`: run the shared plan pipeline, then choose a view (human, JSON, markdown),
 * optionally save the plan, and map the outcome to the contract's exit codes.
 */
import { resolve } from 'node:path';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import { writePlanFile } from '../plan/plan-file.js';
import { preparePlan } from '../plan/prepare.js';
import type { Plan } from '../plan/types.js';
import { renderDiagnostics } from '../views/diagnostics.js';
import { hasChanges } from '../views/plan-format.js';
import { renderPlanHuman } from '../views/plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from '../views/plan-json.js';
import { renderPlanMarkdown } from '../views/plan-markdown.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';

export interface PlanOptions {
  dir: string;
  out?: string;
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
  target: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

export async function runPlan(opts: PlanOptions, io: CommandIO): Promise<number> {
  const prepared = await preparePlan({
    dir: opts.dir,
    targets: opts.target ?? [],
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.allowDestroy ? { allowDestroy: true } : {}),
    ...(opts.allowEmpty ? { allowEmpty: true } : {}),
    io,
  });
  try {
    const root = prepared.catalog?.settings.root ?? resolve(io.cwd, opts.dir);
    const { plan } = prepared;
    const diagnostics = [...prepared.diagnostics];
    // The plan file is written before anything is printed, so output and exit code agree.
    const saved = plan && opts.out && !hasErrors(diagnostics) ? await savePlan(plan, opts, prepared, io) : undefined;
    if (saved) diagnostics.push(saved);
    const failed = hasErrors(diagnostics) || !plan;
    if (opts.json) io.stdout.write(failed ? renderPlanErrorsJson(diagnostics) : renderPlanJson(plan));
    // A refused plan is still shown, so the reviewer sees what the refusal is about.
    else if (plan) io.stdout.write(renderView(plan, opts, io, failed ? diagnostics : []));
    // Diagnostics also go to stderr under --json: CI logs show them, stdout stays one document.
    writeDiagnostics(diagnostics, root, io);
    if (failed) return EXIT_ERROR;
    if (opts.out) io.stderr.write(`Saved the plan to ${opts.out}; apply exactly it with \`shelf apply ${opts.out}\`.\n`);
    return opts.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
  } finally {
    await prepared.client?.close();
  }
}

/** Writes `--out`; a path that cannot be written is the user's to fix, so it is a diagnostic. */
async function savePlan(
  plan: Plan,
  opts: PlanOptions,
  prepared: Awaited<ReturnType<typeof preparePlan>>,
  io: CommandIO,
): Promise<Diagnostic | undefined> {
  try {
    const origin = { settings: prepared.catalog!.settings, apiBaseUrl: prepared.apiBaseUrl! };
    await writePlanFile(resolve(io.cwd, opts.out!), plan, origin, opts.target ?? []);
    return undefined;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    return {
      severity: 'error',
      code: 'plan-file-unwritable',
      summary: `Cannot write the plan file ${opts.out} (${reason})`,
      detail: 'Give --out a path in an existing, writable directory.',
    };
  }
}

function renderView(plan: Plan, opts: PlanOptions, io: CommandIO, refusals: Diagnostic[]): string {
  if (opts.markdown) return renderPlanMarkdown(plan, { refusals: refusals.filter((d) => d.severity === 'error') });
  return renderPlanHuman(plan, { color: io.color });
}

function writeDiagnostics(diagnostics: Diagnostic[], root: string, io: CommandIO): void {
  if (diagnostics.length === 0) return;
  io.stderr.write(renderDiagnostics(diagnostics, { root, color: io.color }));
}
