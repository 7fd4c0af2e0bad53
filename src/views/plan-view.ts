/**
 * What `shelf plan` shows: the plan (human, markdown for a pull-request comment, or one JSON
 * document), then its diagnostics on stderr (under --json too: CI logs show them, stdout stays
 * one document), then where the plan was saved.
 */
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { Allowance } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { renderDiagnostics } from './diagnostics.js';
import type { ViewOutput } from './output.js';
import { planHumanChunks } from './plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import { renderPlanFailureMarkdown } from './plan-markdown-failure.js';
import { renderPreflightFailureMarkdown } from './preflight-markdown.js';
import { writeChunks } from './write-chunks.js';

export type PlanViewKind = 'human' | 'json' | 'markdown';

export interface PlanView {
  /**
   * The plan; when it was refused (`failed`) after it was made, still shown so the reviewer sees
   * what the refusal is about. When the pre-flight checks found an error, they replace the plan.
   */
  planShown(plan: Plan | undefined, diagnostics: readonly Diagnostic[], failed: boolean, preflight?: readonly Diagnostic[]): void;
  diagnostics(diagnostics: readonly Diagnostic[], root: string): void;
  saved(file: string): void;
}

export function planView(out: ViewOutput, kind: PlanViewKind, opts: { allowed?: readonly Allowance[] } = {}): PlanView {
  const show: Record<PlanViewKind, PlanView['planShown']> = {
    human: (plan) => {
      if (plan) writeChunks(out.stdout, planHumanChunks(plan, { color: out.color }));
    },
    markdown: (plan, diagnostics, failed, preflight = []) => {
      const refusals = failed ? diagnostics.filter((d) => d.severity === 'error') : [];
      if (plan) out.stdout.write(renderPlanMarkdown(plan, { refusals, preflight, ...(opts.allowed ? { allowed: opts.allowed } : {}) }));
      else out.stdout.write(renderPlanFailureMarkdown(diagnostics));
    },
    json: (plan, diagnostics, failed) => {
      out.stdout.write(failed || !plan ? renderPlanErrorsJson(diagnostics) : renderPlanJson(plan));
    },
  };
  // Said after the diagnostics, so the last line read explains why there is no plan.
  let noPlanNote = '';
  return {
    planShown: (plan, diagnostics, failed, preflight = []) => {
      // A plan the pre-flight refused is not shown: reading it would suggest it could be applied.
      if (hasErrors(preflight)) {
        const n = preflight.filter((d) => d.severity === 'error').length;
        noPlanNote = `\nNo plan: the pre-flight checks found ${n} error${n === 1 ? '' : 's'}, and nothing was written. Fix ${n === 1 ? 'it' : 'them'} and plan again.\n`;
        if (kind === 'json') out.stdout.write(renderPlanErrorsJson(diagnostics));
        if (kind === 'markdown') out.stdout.write(renderPreflightFailureMarkdown(preflight));
        return;
      }
      show[kind](plan, diagnostics, failed, preflight);
    },
    diagnostics: (diagnostics, root) => {
      if (diagnostics.length > 0) out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color }));
      out.stderr.write(noPlanNote);
    },
    saved: (file) => {
      out.stderr.write(`Saved the plan to ${file}; apply exactly it with \`shelf apply ${file}\`.\n`);
    },
  };
}
