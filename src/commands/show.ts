/**
 * `shelf show PLANFILE`: render a plan saved by `plan --out`, exactly as `plan` showed it.
 */
import { resolve } from 'node:path';
import { readPlanFile } from '../plan/plan-file.js';
import { showView } from '../views/show-view.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';

export interface ShowOptions {
  file: string;
  json?: boolean;
}

export async function runShow(opts: ShowOptions, io: CommandIO): Promise<number> {
  const view = showView(io, { json: opts.json === true });
  const { saved, diagnostics } = await readPlanFile(resolve(io.cwd, opts.file), view.reading);
  if (!saved) {
    view.unreadable(diagnostics, io.cwd);
    return EXIT_ERROR;
  }
  view.planShown(saved);
  return EXIT_OK;
}
