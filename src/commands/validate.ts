/**
 * `shelf validate [DIR] [--json]`: offline check of settings and catalog files (parse, schema,
 * cross-file rules). Exit 0 when valid, 1 otherwise.
 */
import { loadCatalog } from '../config/load-catalog.js';
import { hasErrors } from '../model/diagnostic.js';
import { diagnosticsToJson, renderDiagnostics } from '../views/diagnostics.js';
import pc from 'picocolors';
import { resolve } from 'node:path';
import { type CommandIO, EXIT_ERROR, EXIT_OK } from './io.js';

export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

export async function runValidate(opts: ValidateOptions, io: CommandIO): Promise<number> {
  const dir = resolve(io.cwd, opts.dir);
  const catalog = await loadCatalog(dir);
  const { diagnostics } = catalog;
  const valid = !hasErrors(diagnostics);
  if (opts.json) {
    const doc = { ...diagnosticsToJson(diagnostics), product_count: catalog.products.size, file_count: catalog.files.length };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return valid ? EXIT_OK : EXIT_ERROR;
  }
  if (diagnostics.length > 0) io.stderr.write(renderDiagnostics(diagnostics, { root: dir, color: io.color }));
  if (valid) {
    const c = pc.createColors(io.color);
    const n = catalog.products.size;
    const f = catalog.files.length;
    if (diagnostics.length > 0) io.stderr.write('\n');
    io.stdout.write(
      `${c.green(c.bold('Success!'))} The catalog is valid: ${n} product${n === 1 ? '' : 's'} in ${f} file${f === 1 ? '' : 's'}.\n`,
    );
    return EXIT_OK;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  io.stderr.write(`\nThe catalog is not valid: ${errors} error${errors === 1 ? '' : 's'}.\n`);
  return EXIT_ERROR;
}
