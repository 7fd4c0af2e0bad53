/**
 * Diagnostics for people (terraform-style, with the offending line) and for programs (one JSON
 * document). Every command that reports user mistakes renders them through here.
 */
import pc from 'picocolors';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSource } from '../model/source.js';
import { type DiagnosticJson, diagnosticToJson } from './diagnostic-json.js';
import { safeSku, safeText } from './safe-text.js';
import { sourceExcerpt } from './source-excerpt.js';

export function renderDiagnostic(d: Diagnostic, opts: { root: string; color: boolean }): string {
  const c = pc.createColors(opts.color);
  const label = d.severity === 'error' ? c.bold(c.red('Error:')) : c.bold(c.yellow('Warning:'));
  // Summaries quote catalog values: never let one drive the terminal.
  const lines = [`${label} ${c.bold(safeText(d.summary))}`];
  if (d.source) {
    const context = d.sku !== undefined ? `, in product ${safeSku(d.sku)}` : '';
    lines.push('', `  on ${formatSource(d.source)}${context}:`);
    const excerpt = sourceExcerpt(opts.root, d.source);
    if (excerpt) lines.push(...excerpt.split('\n').map((l) => `  ${l}`));
  } else if (d.sku !== undefined) {
    lines.push('', `  in product ${safeSku(d.sku)}`);
  }
  if (d.detail) lines.push(safeText(d.detail));
  return `${lines.join('\n')}\n`;
}

/** All diagnostics, errors first (each kind in the order found), separated by blank lines. */
export function renderDiagnostics(diags: readonly Diagnostic[], opts: { root: string; color: boolean }): string {
  const ordered = [...diags.filter((d) => d.severity === 'error'), ...diags.filter((d) => d.severity !== 'error')];
  return ordered.map((d) => renderDiagnostic(d, opts)).join('\n');
}

export interface DiagnosticsJson {
  format_version: '1';
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: DiagnosticJson[];
}

export function diagnosticsToJson(diags: readonly Diagnostic[]): DiagnosticsJson {
  const errors = diags.filter((d) => d.severity === 'error').length;
  return {
    format_version: '1',
    valid: errors === 0,
    error_count: errors,
    warning_count: diags.length - errors,
    diagnostics: diags.map((d) => diagnosticToJson(d, { severity: true })),
  };
}
