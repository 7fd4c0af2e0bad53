/** What `shelf validate` shows: the diagnostics and a verdict, or one JSON document. */
import pc from 'picocolors';
import type { DesiredCatalog } from '../model/catalog.js';
import { hasErrors } from '../model/diagnostic.js';
import type { AttributeCoverage } from '../plan/preflight/coverage.js';
import { diagnosticsToJson, renderDiagnostics } from './diagnostics.js';
import { type ViewOutput, writeJson } from './output.js';

export interface ValidateView {
  validated(catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>, root: string, attributes?: AttributeCoverage): void;
}

export function validateView(out: ViewOutput, opts: { json: boolean }): ValidateView {
  return opts.json
    ? { validated: (catalog, _root, attributes) => validatedJson(out, catalog, attributes) }
    : { validated: (catalog, root, attributes) => validatedHuman(out, catalog, root, attributes) };
}

function validatedJson(out: ViewOutput, catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>, attributes?: AttributeCoverage): void {
  writeJson(out, {
    ...diagnosticsToJson(catalog.diagnostics),
    product_count: catalog.products.size,
    file_count: catalog.files.length,
    ...(attributes
      ? { attributes: { checked_categories: attributes.checked, unchecked_categories: attributes.unchecked, ...(attributes.oldest !== undefined ? { schemas_read_at: new Date(attributes.oldest).toISOString() } : {}) } }
      : {}),
  });
}

/** Whether attributes were checked, and against what: a green validate says what it covered. */
export function attributeNote(a: AttributeCoverage): string {
  const total = a.checked + a.unchecked;
  if (total === 0) return '';
  if (a.checked === 0) {
    return `Attributes not checked: no category schemas cached in .shelf/${a.origin ? ` for ${a.origin}` : ''} (\`shelf plan\` reads and caches them).\n`;
  }
  const since = a.oldest !== undefined ? `, read ${new Date(a.oldest).toISOString().slice(0, 16).replace('T', ' ')} UTC or later` : '';
  const rest = a.unchecked > 0 ? `; ${a.unchecked} not cached, not checked` : '';
  return `Attributes checked against ${a.checked} of ${total} categories' schemas cached in .shelf/${since}${rest}.\n`;
}

function validatedHuman(out: ViewOutput, catalog: Pick<DesiredCatalog, 'diagnostics' | 'products' | 'files'>, root: string, attributes?: AttributeCoverage): void {
  const { diagnostics } = catalog;
  if (attributes) out.stderr.write(attributeNote(attributes));
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
