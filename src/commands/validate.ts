/**
 * `shelf validate [DIR] [--json]`: offline check of settings and catalog files (parse, schema,
 * cross-file rules). Exit 0 when valid, 1 otherwise.
 */
import { resolve } from 'node:path';
import { loadCatalog } from '../config/load-catalog.js';
import { hasErrors } from '../model/diagnostic.js';
import { validateView } from '../views/validate-view.js';
import { ciFindings } from './ci-findings.js';
import { type CommandIO, EXIT_ERROR, EXIT_OK } from './io.js';

export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

export async function runValidate(opts: ValidateOptions, io: CommandIO): Promise<number> {
  const dir = resolve(io.cwd, opts.dir);
  const catalog = await loadCatalog(dir);
  validateView(io, { json: opts.json === true }).validated(catalog, dir);
  ciFindings(io).diagnostics(catalog.diagnostics, dir);
  return hasErrors(catalog.diagnostics) ? EXIT_ERROR : EXIT_OK;
}
