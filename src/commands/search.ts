/**
 * `shelf search QUERY [DIR] [--limit N] [--json]`: look a product up in the marketplace catalog
 * (PRD108) to link an offer to it with `product:`. Exit 0 with matches, 1 on no match or error.
 * DIR (default: the current directory, when it is a repository) gives the settings and quota
 * memory; without a repository, SHELF_URL and SHELF_TOKEN are enough.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.js';
import { DEFAULT_SEARCH_LIMIT, searchMarketplaceCatalog } from '../pipeline/search-run.js';
import { searchView } from '../views/search-view.js';
import { createWaitStatus } from '../views/wait-status.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import { runContextOf } from './run-context.js';

export interface SearchOptions {
  query: string;
  dir?: string;
  /** --limit as typed (checked by the run). */
  limit?: string;
  json?: boolean;
}

/** "20" → 20; anything but a plain whole number → NaN (refused by the run with a message). */
export function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEARCH_LIMIT;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export async function runSearch(opts: SearchOptions, io: CommandIO): Promise<number> {
  const root = resolve(io.cwd, opts.dir ?? '.');
  const view = searchView(io, { json: opts.json === true });
  const waits = createWaitStatus({ stream: io.stderr });
  const input = { query: opts.query, root, explicitRoot: opts.dir !== undefined, limit: limitOf(opts.limit) };
  const result = await searchMarketplaceCatalog(input, runContextOf(io, { onWait: waits.notice })).finally(() => waits.done());
  view.searched(opts.query.trim(), result.found, result.diagnostics, root);
  return hasErrors(result.diagnostics) || !result.found ? EXIT_ERROR : EXIT_OK;
}
