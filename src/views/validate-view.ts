/** What `shelf validate` shows: the diagnostics and a verdict, or one JSON document. */
import pc from 'picocolors';
import type { DesiredCatalog } from '../model/catalog.js';
import { hasErrors } from '../model/diagnostic.js';
import { diagnosticsToJson, renderDiagnostics } from './diagnostics.js';
import { type ViewOutput, writeJson } from './output.js';

export interface ValidateView {
  validated(catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>, root: string): void;
}

export function validateView(out: ViewOutput, opts: { json: boolean }): ValidateView {
  return opts.json ? { validated: (catalog) => validatedJson(out, catalog) } : { validated: (catalog, root) => validatedHuman(out, catalog, root) };
}

function validatedJson(out: ViewOutput, catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>): void {
  writeJson(out, { ...diagnosticsToJson(catalog.diagnostics), product_count: catalog.products.size, file_count: catalog.files.length });
}

function validatedHuman(out: ViewOutput, catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>, root: string): void {
  const { diagnostics } = catalog;
  if (diagnostics.length > 0) out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color }));
  if (!hasErrors(diagnostics)) {
    const c = pc.createColors(out.color);
    const n = catalog.products.size;
    const f = catalog.files.length;
    if (diagnostics.length > 0) out.stderr.write('\n');
    out.stdout.write(`${c.green(c.bold('Success!'))} The catalog is valid: ${n} product${n === 1 ? '' : 's'} in ${f} file${f === 1 ? '' : 's'}.\n`);
    return;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out.stderr.write(`\nThe catalog is not valid: ${errors} error${errors === 1 ? '' : 's'}.\n`);
}
