/**
 * What CI shows on the lines of a pull or merge request: every error and warning that has a
 * source position, with its path relative to the CI workspace (the catalog repository may be a
 * subfolder of the git repository, and hosts place findings by the path in git).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { safeText } from './safe-text.js';

export interface CiFinding {
  severity: Severity;
  code: string;
  summary: string;
  detail?: string;
  sku?: string;
  /** Relative to the workspace, with `/` separators. */
  path: string;
  line: number;
  column: number;
}

/** A path as the CI host knows it: relative to `workspace`, or as shelf wrote it when outside it. */
export function workspacePath(root: string, file: string, workspace: string): string {
  const absolute = resolve(root, file);
  const rel = relative(resolve(workspace), absolute);
  const outside = rel === '' || rel.startsWith('..') || isAbsolute(rel);
  return (outside ? file : rel).split(sep).join('/');
}

/** The diagnostics that have a source position, as findings (the others stay in the log only). */
export function ciFindingsOf(diagnostics: readonly Diagnostic[], root: string, workspace: string): CiFinding[] {
  const out: CiFinding[] = [];
  for (const d of diagnostics) {
    if (!d.source) continue;
    out.push({
      severity: d.severity,
      code: d.code,
      summary: d.summary,
      ...(d.detail ? { detail: d.detail } : {}),
      ...(d.sku !== undefined ? { sku: d.sku } : {}),
      path: workspacePath(root, d.source.file, workspace),
      line: d.source.line,
      column: d.source.column,
    });
  }
  return out;
}

/** Catalog text made printable line by line; the line breaks themselves are kept. */
export function printable(text: string): string {
  return text
    .split('\n')
    .map((l) => safeText(l))
    .join('\n');
}
