/** What `shelf show PLANFILE` shows: the saved plan exactly as `plan` showed it, or why it cannot be read. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { PlanFileListener, SavedPlan } from '../plan/plan-file.js';
import type { PlanSummary } from '../plan/types.js';
import { allowanceHuman } from './allowance-note.js';
import { renderDiagnostics } from './diagnostics.js';
import type { ViewOutput } from './output.js';
import { planHumanParts } from './plan-human.js';
import { planToJson, renderPlanErrorsJson, renderPlanJson } from './plan-json.js';
import { ChunkedWriter } from './write-chunks.js';

export interface ShowView {
  unreadable(diagnostics: readonly Diagnostic[], root: string): void;
  /**
   * Set when the view shows each change as it is read (a plan of 100,000 SKUs is then never
   * held whole); `planShown` ends it. Unset: `planShown` gets the whole plan.
   */
  reading?: PlanFileListener;
  planShown(saved: SavedPlan): void;
}

/** The actions a plan's changes use, from its summary. */
function actionsOf(summary: PlanSummary): Set<'create' | 'update' | 'delete'> {
  const actions = new Set<'create' | 'update' | 'delete'>();
  if (summary.add > 0) actions.add('create');
  if (summary.change > 0) actions.add('update');
  if (summary.destroy > 0) actions.add('delete');
  return actions;
}

export function showView(out: ViewOutput, opts: { json: boolean }): ShowView {
  if (opts.json) {
    return {
      unreadable: (diagnostics) => out.stdout.write(renderPlanErrorsJson(diagnostics)),
      // Guards lifted when the plan was made are part of what a program must see too.
      planShown: (saved) => out.stdout.write(saved.allowed ? `${JSON.stringify({ ...planToJson(saved.plan), allowed: saved.allowed }, null, 2)}\n` : renderPlanJson(saved.plan)),
    };
  }
  const writer = new ChunkedWriter(out.stdout);
  let parts: ReturnType<typeof planHumanParts> | undefined;
  return {
    unreadable: (diagnostics, root) => out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color })),
    reading: {
      header: (saved) => {
        const targets = saved.targets.length > 0 ? `, limited to ${saved.targets.join(', ')}` : '';
        out.stderr.write(`Saved plan for ${saved.repository.root}, made ${saved.created_at}${targets}.\n\n`);
        parts = planHumanParts(saved.plan, { color: out.color }, actionsOf(saved.plan.summary));
        writer.add(allowanceHuman(saved.allowed) + parts.start);
      },
      change: (change) => writer.add(parts!.change(change)),
    },
    planShown: () => {
      if (parts) writer.add(parts.end);
      writer.flush();
    },
  };
}
