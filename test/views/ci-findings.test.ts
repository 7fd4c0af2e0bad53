import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciFindings, recordDiagnostics } from '../../src/commands/ci-findings.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { ciFindingsOf, workspacePath } from '../../src/views/ci-finding.js';
import { renderCodeQuality } from '../../src/views/code-quality.js';
import { escapeData, escapeProperty, renderGithubAnnotation } from '../../src/views/github-annotations.js';
import { renderPlanFailureMarkdown } from '../../src/views/plan-markdown-failure.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo, removeRepos } from '../support/repo.js';

afterAll(removeRepos);

const at = (file: string, line: number, column = 3) => ({ file, line, column });
const priceCut: Diagnostic = {
  severity: 'error',
  code: 'price-drop-guard',
  summary: 'AKN-1: price 19.90 → 1.99 (-90%) is over guards.price_drop 50%',
  detail: 'Check the price, or run again with --allow-price-change.',
  sku: 'AKN-1',
  source: at('catalog/prices.yaml', 4),
};

describe('GitHub workflow commands', () => {
  it('escape data (%, CR, LF) and properties (also : and ,) as the runner requires', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('print one line per finding, path relative to the workspace, summary and detail in the message', () => {
    const [f] = ciFindingsOf([priceCut], '/ws/shop', '/ws');
    expect(renderGithubAnnotation(f!)).toBe(
      '::error file=shop/catalog/prices.yaml,line=4,col=3,title=shelf price-drop-guard (AKN-1)::' +
        'AKN-1: price 19.90 → 1.99 (-90%25) is over guards.price_drop 50%25%0ACheck the price, or run again with --allow-price-change.\n',
    );
  });

  it('cannot be made to start a command of their own by a value holding a line break or an escape', () => {
    const hostile: Diagnostic = { severity: 'warning', code: 'x', summary: 'bad "a\n::set-env name=X::1"', sku: 'A,B:C\u001b[31m', source: at('catalog/a.yaml', 1) };
    const line = renderGithubAnnotation(ciFindingsOf([hostile], '/ws', '/ws')[0]!);
    expect(line.split('\n')).toEqual([expect.stringMatching(/^::warning /), '']);
    expect(line).toContain('title=shelf x (A%2CB%3AC\\u001b[31m)');
    expect(line).toContain('::bad "a%0A::set-env name=X::1"');
  });

  it('leave out diagnostics without a position, and keep a path outside the workspace as written', () => {
    expect(ciFindingsOf([{ severity: 'error', code: 'network', summary: 'down' }], '/ws', '/ws')).toEqual([]);
    expect(workspacePath('/elsewhere/repo', 'catalog/a.yaml', '/ws')).toBe('catalog/a.yaml');
    expect(workspacePath('/ws', 'catalog/a.yaml', '/ws')).toBe('catalog/a.yaml');
  });
});

describe('GitLab Code Quality report', () => {
  it('holds description, check_name, fingerprint, severity and location; one entry per fingerprint', () => {
    const findings = ciFindingsOf([priceCut, priceCut, { ...priceCut, severity: 'warning', code: 'w', sku: 'AKN-2' }], '/p/shop', '/p');
    const report = JSON.parse(renderCodeQuality(findings)) as Record<string, unknown>[];
    expect(report).toHaveLength(2);
    expect(report[0]).toEqual({
      type: 'issue',
      check_name: 'price-drop-guard',
      description: priceCut.summary,
      categories: ['Bug Risk'],
      severity: 'major',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      location: { path: 'shop/catalog/prices.yaml', lines: { begin: 4 } },
    });
    expect(report[1]).toMatchObject({ severity: 'minor' });
    // The same finding one line lower keeps its fingerprint: GitLab does not see it as new.
    const moved = JSON.parse(renderCodeQuality(ciFindingsOf([{ ...priceCut, source: at('catalog/prices.yaml', 9) }], '/p/shop', '/p')));
    expect(moved[0].fingerprint).toBe(report[0]!.fingerprint);
  });
});

describe('ciFindings (the command side)', () => {
  it('prints annotations on stderr only when GITHUB_ACTIONS=true', () => {
    const off = recordingIO('/ws', {});
    ciFindings(off).diagnostics([priceCut], '/ws');
    expect(off.err()).toBe('');
    const on = recordingIO('/ws', { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/ws' });
    ciFindings(on).diagnostics([priceCut], '/ws/shop');
    expect(on.out()).toBe('');
    expect(on.err()).toMatch(/^::error file=shop\/catalog\/prices\.yaml,line=4,col=3,/);
  });

  it('writes the Code Quality report to SHELF_CODE_QUALITY_REPORT, relative to CI_PROJECT_DIR, an empty list when clean', () => {
    const dir = makeRepo({});
    const io = recordingIO(dir, { SHELF_CODE_QUALITY_REPORT: 'gl-code-quality-report.json', CI_PROJECT_DIR: dir });
    const ci = ciFindings(io);
    ci.diagnostics([], join(dir, 'shop'));
    expect(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8')).toBe('[]\n');
    ci.diagnostics([priceCut], join(dir, 'shop'));
    ci.records([{ sku: 'AKN-9', operation: 'stocks', message: 'A product with the given SKU is not found.', source: at('catalog/stocks.yaml', 12) }], join(dir, 'shop'));
    const report = JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string; location: { path: string } }[];
    expect(report.map((r) => [r.check_name, r.location.path])).toEqual([
      ['price-drop-guard', 'shop/catalog/prices.yaml'],
      ['record-refused', 'shop/catalog/stocks.yaml'],
    ]);
    expect(io.err()).toBe('');
  });

  it('says so, without failing the command, when the report cannot be written', () => {
    const io = recordingIO('/', { SHELF_CODE_QUALITY_REPORT: '/nonexistent-dir/report.json' });
    ciFindings(io).diagnostics([priceCut], '/');
    expect(io.err()).toContain('Warning: cannot write the code quality report /nonexistent-dir/report.json (ENOENT)');
  });

  it('reports refused records, not recovered failures that stopped mattering', () => {
    const diags = recordDiagnostics([
      { sku: 'A', operation: 'products', message: 'no', source: at('c.yaml', 1) },
      { sku: 'B', operation: 'products', message: 'no', resolved: 'matches' },
    ]);
    expect(diags.map((d) => [d.code, d.sku, d.summary])).toEqual([['record-refused', 'A', 'A: Seller Center refused the products record: no']]);
  });
});

describe('markdown of a plan that could not be made', () => {
  it('lists the errors with their file:line, so the comment replaces the previous plan', () => {
    const md = renderPlanFailureMarkdown([priceCut, { severity: 'warning', code: 'w', summary: 'meh' }]);
    expect(md).toBe(
      '### shelf plan failed\n\nNo plan: 1 error must be fixed first.\n\n' +
        '- `catalog/prices.yaml:4:3`: AKN-1: price 19.90 → 1.99 (-90%) is over guards.price_drop 50%\n' +
        '  <br>Check the price, or run again with --allow-price-change.\n\n1 warning: see the job log.\n',
    );
  });
});
