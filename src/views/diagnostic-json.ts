/**
 * The one JSON form of a Diagnostic, used by every `--json` document that lists them
 * (validate's `diagnostics`, plan's `errors` and `warnings`) and, for its source position,
 * by apply's `errors`.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourcePos } from '../model/source.js';

export interface DiagnosticJson {
  severity?: Diagnostic['severity'];
  code: string;
  summary: string;
  detail?: string;
  sku?: string;
  source?: SourceJson;
}

export interface SourceJson {
  file: string;
  line: number;
  column: number;
}

export function sourceToJson(pos: SourcePos): SourceJson {
  return { file: pos.file, line: pos.line, column: pos.column };
}

/** `severity` is left out where the document's key already says it (plan's `errors`, `warnings`). */
export function diagnosticToJson(d: Diagnostic, opts: { severity: boolean }): DiagnosticJson {
  const out: DiagnosticJson = opts.severity ? { severity: d.severity, code: d.code, summary: d.summary } : { code: d.code, summary: d.summary };
  if (d.detail !== undefined) out.detail = d.detail;
  if (d.sku !== undefined) out.sku = d.sku;
  if (d.source) out.source = sourceToJson(d.source);
  return out;
}
