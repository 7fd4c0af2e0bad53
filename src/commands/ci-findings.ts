/**
 * CI feedback on the lines that caused it. With GITHUB_ACTIONS=true every error and warning
 * that has a source position is also printed as a workflow command on stderr (never on stdout,
 * which may hold a --json or --markdown document; the runner reads both). With
 * SHELF_CODE_QUALITY_REPORT=FILE the same findings are written to FILE as a GitLab Code Quality
 * report, rewritten with everything found so far each time (an empty list when nothing was), so
 * the artifact always exists and matches the run.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RecordError } from '../apply/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ApplyView } from '../views/apply-view.js';
import { type CiFinding, ciFindingsOf } from '../views/ci-finding.js';
import { renderCodeQuality } from '../views/code-quality.js';
import { renderGithubAnnotations } from '../views/github-annotations.js';
import type { CommandIO } from './io.js';

export const CODE_QUALITY_ENV = 'SHELF_CODE_QUALITY_REPORT';

export interface CiFindings {
  diagnostics(diagnostics: readonly Diagnostic[], root: string): void;
  /** Records Seller Center refused in apply: each on the YAML line it came from. */
  records(errors: readonly RecordError[], root: string): void;
}

/** A refused record as a diagnostic (recovered failures that stopped mattering are left out). */
export function recordDiagnostics(errors: readonly RecordError[]): Diagnostic[] {
  return errors
    .filter((e) => !e.resolved)
    .map((e) => ({
      severity: 'error' as const,
      code: 'record-refused',
      summary: `${e.sku}: Seller Center refused the ${e.operation} record: ${e.message}`,
      sku: e.sku,
      ...(e.source ? { source: e.source } : {}),
    }));
}

export function ciFindings(io: Pick<CommandIO, 'env' | 'cwd' | 'stderr'>): CiFindings {
  const { env } = io;
  const github = env.GITHUB_ACTIONS === 'true';
  const reportFile = env[CODE_QUALITY_ENV] ? resolve(io.cwd, env[CODE_QUALITY_ENV]) : undefined;
  // Paths as the host knows them: relative to its checkout, which may hold the catalog in a subfolder.
  const workspace = (github ? env.GITHUB_WORKSPACE : env.CI_PROJECT_DIR) || env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || io.cwd;
  const found: CiFinding[] = [];
  const add = (diagnostics: readonly Diagnostic[], root: string) => {
    if (!github && !reportFile) return;
    const findings = ciFindingsOf(diagnostics, root, workspace);
    if (github && findings.length > 0) io.stderr.write(renderGithubAnnotations(findings));
    if (!reportFile) return;
    found.push(...findings);
    try {
      writeFileSync(reportFile, renderCodeQuality(found));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      io.stderr.write(`Warning: cannot write the code quality report ${env[CODE_QUALITY_ENV]} (${reason}); check ${CODE_QUALITY_ENV}.\n`);
    }
  };
  return { diagnostics: add, records: (errors, root) => add(recordDiagnostics(errors), root) };
}

/** `view`, also reporting to CI what it shows: refusals, notes and the records apply saw refused. */
export function withCiFindings(view: ApplyView, ci: CiFindings): ApplyView {
  const { refused, notes, report } = view;
  return Object.assign(Object.create(view) as ApplyView, {
    refused: (diagnostics: readonly Diagnostic[], root: string) => {
      refused.call(view, diagnostics, root);
      ci.diagnostics(diagnostics, root);
    },
    notes: (diagnostics: readonly Diagnostic[], root: string) => {
      notes.call(view, diagnostics, root);
      ci.diagnostics(diagnostics, root);
    },
    report: (...args: Parameters<ApplyView['report']>) => {
      report.apply(view, args);
      ci.records(args[0].errors, args[1]);
    },
  });
}
