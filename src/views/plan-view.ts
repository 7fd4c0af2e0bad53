/**
 * What `shelf plan` shows: the plan (human, markdown for a pull-request comment, or one JSON
 * document), then its diagnostics on stderr (under --json too: CI logs show them, stdout stays
 * one document), then where the plan was saved.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { renderDiagnostics } from './diagnostics.js';
import type { ViewOutput } from './output.js';
import { planHumanChunks } from './plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import { writeChunks } from './write-chunks.js';

export type PlanViewKind = 'human' | 'json' | 'markdown';

export interface PlanView {
  /** The plan; when it was refused (`failed`), still shown so the reviewer sees what the refusal is about. */
  planShown(plan: Plan | undefined, diagnostics: readonly Diagnostic[], failed: boolean): void;
  diagnostics(diagnostics: readonly Diagnostic[], root: string): void;
  saved(file: string): void;
}

export function planView(out: ViewOutput, kind: PlanViewKind): PlanView {
  const show: Record<PlanViewKind, PlanView['planShown']> = {
    human: (plan) => {
      if (plan) writeChunks(out.stdout, planHumanChunks(plan, { color: out.color }));
    },
    markdown: (plan, diagnostics, failed) => {
      const refusals = failed ? diagnostics.filter((d) => d.severity === 'error') : [];
      if (plan) out.stdout.write(renderPlanMarkdown(plan, { refusals }));
    },
    json: (plan, diagnostics, failed) => {
      out.stdout.write(failed || !plan ? renderPlanErrorsJson(diagnostics) : renderPlanJson(plan));
    },
  };
  return {
    planShown: show[kind],
    diagnostics: (diagnostics, root) => {
      if (diagnostics.length > 0) out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color }));
    },
    saved: (file) => {
      out.stderr.write(`Saved the plan to ${file}; apply exactly it with \`shelf apply ${file}\`.\n`);
    },
  };
}
