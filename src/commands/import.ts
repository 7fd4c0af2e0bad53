/**
 * `shelf import [DIR]`: write catalog YAML from the remote catalog, to bootstrap a repository.
 * The run lives in src/pipeline/import-run.ts; the view chooses what to print.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.js';
import { importCatalog } from '../pipeline/import-run.js';
import { importView } from '../views/import-view.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import { createWaitStatus } from '../views/wait-status.js';
import { runContextOf } from './run-context.js';

export interface ImportOptions {
  dir: string;
  skuPrefix: string[];
  category: string[];
  feeds?: boolean;
  force?: boolean;
  url?: string;
}

export async function runImport(opts: ImportOptions, io: CommandIO): Promise<number> {
  const root = resolve(io.cwd, opts.dir);
  const view = importView(io);
  const input = {
    root,
    skuPrefixes: opts.skuPrefix ?? [],
    categories: opts.category ?? [],
    feeds: opts.feeds === true,
    force: opts.force === true,
    ...(opts.url ? { url: opts.url } : {}),
  };
  const waits = createWaitStatus({ stream: io.stderr });
  const result = await importCatalog(input, runContextOf(io, { onWait: waits.notice })).finally(() => waits.done());
  view.diagnostics(result.diagnostics, root);
  if (hasErrors(result.diagnostics)) return EXIT_ERROR;
  view.imported(result, root);
  return EXIT_OK;
}
