/**
 * `shelf show PLANFILE`: render a plan saved by `plan --out`, exactly as `plan` showed it.
 */
import { readPlanFile } from '../plan/plan-file.js';
import { renderDiagnostics } from '../views/diagnostics.js';
import { renderPlanHuman } from '../views/plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from '../views/plan-json.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import { resolve } from 'node:path';

export interface ShowOptions {
  file: string;
  json?: boolean;
}

export async function runShow(opts: ShowOptions, io: CommandIO): Promise<number> {
  const { saved, diagnostics } = await readPlanFile(resolve(io.cwd, opts.file));
  if (!saved) {
    if (opts.json) io.stdout.write(renderPlanErrorsJson(diagnostics));
    else io.stderr.write(renderDiagnostics(diagnostics, { root: io.cwd, color: io.color }));
    return EXIT_ERROR;
  }
  if (opts.json) {
    io.stdout.write(renderPlanJson(saved.plan));
    return EXIT_OK;
  }
  const targets = saved.targets.length > 0 ? `, limited to ${saved.targets.join(', ')}` : '';
  io.stderr.write(`Saved plan for ${saved.repository.root}, made ${saved.created_at}${targets}.\n\n`);
  io.stdout.write(renderPlanHuman(saved.plan, { color: io.color }));
  return EXIT_OK;
}
