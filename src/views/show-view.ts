/** What `shelf show PLANFILE` shows: the saved plan exactly as `plan` showed it, or why it cannot be read. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SavedPlan } from '../plan/plan-file.js';
import { renderDiagnostics } from './diagnostics.js';
import type { ViewOutput } from './output.js';
import { planHumanChunks } from './plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from './plan-json.js';
import { writeChunks } from './write-chunks.js';

export interface ShowView {
  unreadable(diagnostics: readonly Diagnostic[], root: string): void;
  planShown(saved: SavedPlan): void;
}

export function showView(out: ViewOutput, opts: { json: boolean }): ShowView {
  if (opts.json) {
    return {
      unreadable: (diagnostics) => out.stdout.write(renderPlanErrorsJson(diagnostics)),
      planShown: (saved) => out.stdout.write(renderPlanJson(saved.plan)),
    };
  }
  return {
    unreadable: (diagnostics, root) => out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color })),
    planShown: (saved) => {
      const targets = saved.targets.length > 0 ? `, limited to ${saved.targets.join(', ')}` : '';
      out.stderr.write(`Saved plan for ${saved.repository.root}, made ${saved.created_at}${targets}.\n\n`);
      writeChunks(out.stdout, planHumanChunks(saved.plan, { color: out.color }));
    },
  };
}
