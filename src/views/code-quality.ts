/**
 * The GitLab Code Quality report (a JSON array of Code Climate issues): GitLab shows each in
 * the merge request's widget and on the line of its diff. `fingerprint` identifies a finding
 * across pipelines, so GitLab can tell new findings from those the target branch already had:
 * it leaves out the line, which moves when lines are added above it.
 */
import { createHash } from 'node:crypto';
import { type CiFinding, printable } from './ci-finding.js';

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'major' | 'minor';
  fingerprint: string;
  location: { path: string; lines: { begin: number } };
}

export function codeQualityIssue(f: CiFinding): CodeQualityIssue {
  const identity = [f.code, f.path, f.sku ?? `line ${f.line}`, f.summary].join('\u0000');
  return {
    type: 'issue',
    check_name: f.code,
    description: printable(f.summary),
    categories: ['Bug Risk'],
    severity: f.severity === 'error' ? 'major' : 'minor',
    fingerprint: createHash('sha256').update(identity).digest('hex'),
    location: { path: f.path, lines: { begin: f.line } },
  };
}

/** The whole report, duplicates (same fingerprint) once. */
export function renderCodeQuality(findings: readonly CiFinding[]): string {
  const seen = new Set<string>();
  const issues: CodeQualityIssue[] = [];
  for (const f of findings) {
    const issue = codeQualityIssue(f);
    if (seen.has(issue.fingerprint)) continue;
    seen.add(issue.fingerprint);
    issues.push(issue);
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
