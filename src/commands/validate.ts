/**
 * `shelf validate [DIR] [--json]`: offline check of settings and catalog files (parse, schema,
 * cross-file rules, scope, attributes against cached category schemas). Exit 0 when valid, 1 otherwise.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.js';
import { validateCatalog } from '../pipeline/validate-run.js';
import { validateView } from '../views/validate-view.js';
import { ciFindings } from './ci-findings.js';
import { type CommandIO, EXIT_ERROR, EXIT_OK } from './io.js';

export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

export async function runValidate(opts: ValidateOptions, io: CommandIO): Promise<number> {
  const dir = resolve(io.cwd, opts.dir);
  const { catalog, attributes } = await validateCatalog(dir, io.env);
  validateView(io, { json: opts.json === true }).validated(catalog, dir, attributes);
  ciFindings(io).diagnostics(catalog.diagnostics, dir);
  return hasErrors(catalog.diagnostics) ? EXIT_ERROR : EXIT_OK;
}
