/** What `shelf import` shows: its diagnostics on stderr, then the files written and the round-trip check. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { WrittenFile } from '../import/layout.js';
import type { RemovedFile } from '../import/stale-files.js';
import type { Plan } from '../plan/types.js';
import type { RequestCounters } from '../remote/types.js';
import { renderDiagnostics } from './diagnostics.js';
import type { ViewOutput } from './output.js';

/** What an import did, as plain data. */
export interface ImportReport {
  written: readonly WrittenFile[];
  removed: readonly RemovedFile[];
  skus: number;
  families: number;
  products: number;
  requests?: RequestCounters;
  /** The plan of the written catalog against the products read: no changes means a faithful import. */
  check?: Plan;
}

export interface ImportView {
  diagnostics(diagnostics: readonly Diagnostic[], root: string): void;
  imported(report: ImportReport, root: string): void;
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export function importView(out: ViewOutput): ImportView {
  return {
    diagnostics: (diagnostics, root) => {
      if (diagnostics.length > 0) out.stderr.write(renderDiagnostics(diagnostics, { root, color: out.color }));
    },
    imported: (report, root) => out.stdout.write(`${importLines(report, root).join('\n')}\n`),
  };
}

function importLines(result: ImportReport, root: string): string[] {
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
  return lines;
}
