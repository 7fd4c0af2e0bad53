import type { SourcePos } from './source.js';

export type Severity = 'error' | 'warning';

/**
 * A problem the user can fix. Commands collect every diagnostic, render them once and
 * exit 1 if any is an error; exceptions are reserved for bugs.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, kebab-case, e.g. `duplicate-sku`, `yaml-syntax`. */
  code: string;
  /** One line: what is wrong. */
  summary: string;
  /** What to do about it, or more context ("did you mean `base_code`?"). */
  detail?: string;
  sku?: string;
  source?: SourcePos;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown when a command must stop with diagnostics already known (rendered by the CLI shell). */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
    this.name = 'DiagnosticsError';
  }
}
