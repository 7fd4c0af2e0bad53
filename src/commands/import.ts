/**
 * `shelf import [DIR]`: write catalog YAML from the remote catalog, to bootstrap a repository.
 * The pipeline lives in src/import; this file chooses what to print.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.js';
import { runImportPipeline } from '../import/run-import.js';
import { renderDiagnostics } from '../views/diagnostics.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';

export interface ImportOptions {
  dir: string;
  skuPrefix: string[];
  category: string[];
  feeds?: boolean;
  force?: boolean;
  url?: string;
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export async function runImport(opts: ImportOptions, io: CommandIO): Promise<number> {
  const root = resolve(io.cwd, opts.dir);
  const result = await runImportPipeline({
    root,
    skuPrefixes: opts.skuPrefix ?? [],
    categories: opts.category ?? [],
    feeds: opts.feeds === true,
    force: opts.force === true,
    ...(opts.url ? { url: opts.url } : {}),
    env: io.env,
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    warn: (message) => io.stderr.write(`Warning: ${message}\n`),
    signal: io.signal,
  });
  if (result.diagnostics.length > 0) io.stderr.write(renderDiagnostics(result.diagnostics, { root, color: io.color }));
  if (hasErrors(result.diagnostics)) return EXIT_ERROR;

  const width = Math.max(0, ...result.written.map((f) => f.path.length));
  const lines = [
    `Imported ${plural(result.skus, 'SKU')} (${plural(result.families, 'family', 'families')}, ${plural(result.products, 'single product')}) into ${root}:`,
    ...result.written.map((f) => `  ${f.path.padEnd(width)}${f.skus > 0 ? `  ${plural(f.skus, 'SKU')}` : ''}`.trimEnd()),
  ];
  for (const f of result.removed) lines.push(`  removed ${f.path} (${f.reason})`);
  if (result.requests) {
    const r = result.requests.requests;
    lines.push(`Requests: ${r.products} to products, ${r.categories} to categories.`);
  }
  const check = result.check;
  if (check) {
    const changes = check.changes.length;
    lines.push(
      changes === 0
        ? 'Checked: `shelf plan` on these files reports no changes.'
        : `Warning: \`shelf plan\` on these files would report ${plural(changes, 'change')} (${check.changes
            .slice(0, 5)
            .map((c) => `${c.sku}: ${c.changed.join(', ')}`)
            .join('; ')}${changes > 5 ? '; …' : ''}). Other catalog files in the repository may define these SKUs.`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
