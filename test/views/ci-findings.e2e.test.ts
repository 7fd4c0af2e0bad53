/**
 * CI feedback end to end, through the built CLI: with GITHUB_ACTIONS=true a validation error
 * and a record Seller Center refused are annotated on their lines, with paths relative to
 * GITHUB_WORKSPACE (the catalog repository is a subfolder of it here), on stderr only; with
 * SHELF_CODE_QUALITY_REPORT the same findings land in a GitLab Code Quality report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../support/cli.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, tshirtCatalog } from '../apply/fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  requireBuiltCli();
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
  removeRepos();
});

const annotations = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('::'));

describe('GitHub annotations', () => {
  it('annotate a validation error on its line, relative to GITHUB_WORKSPACE, never inside the --json document', async () => {
    const ws = makeRepo({ 'shop/shelf.yaml': 'prune: false\n', 'shop/catalog/tees.yaml': 'products:\n  - sku: TEE-1\n    nmae: Tee\n' });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws };
    const human = await runCli(['validate', 'shop'], env, ws);
    expect(human.code).toBe(1);
    const lines = annotations(human.stderr);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.find((l) => l.includes('title=shelf unknown-key'))).toMatch(/^::error file=shop\/catalog\/tees\.yaml,line=3,col=5,title=shelf unknown-key[^:]*::.*nmae/);

    const json = await runCli(['validate', 'shop', '--json'], env, ws);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).valid).toBe(false);
    expect(json.stdout).not.toContain('::error');
    expect(annotations(json.stderr)).toEqual(lines);

    // Without GITHUB_ACTIONS nothing of the kind is printed.
    expect(annotations((await runCli(['validate', 'shop'], { GITHUB_WORKSPACE: ws }, ws)).stderr)).toEqual([]);
  }, 120_000);

  it('annotate a record Seller Center refused on the YAML line it came from, and write the Code Quality report', async () => {
    sb.sandbox.reset();
    // TEE-002's image is one the API cannot download: only the API can refuse that record.
    const ws = makeRepo({ 'shop/shelf.yaml': SHELF_YAML, 'shop/catalog/tees.yaml': tshirtCatalog(3, { rejectedAt: 2 }) });
    const env = { ...sb.env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, CI_PROJECT_DIR: ws, SHELF_CODE_QUALITY_REPORT: 'gl-code-quality-report.json' };
    const res = await runCli(['apply', 'shop', '--auto-approve', '--json'], env, ws);
    expect(res.code, res.stderr).toBe(1);
    const doc = JSON.parse(res.stdout) as { errors: { sku: string; source: { line: number } }[] };
    expect(doc.errors.map((e) => e.sku)).toContain('TEE-002');
    const line = doc.errors.find((e) => e.sku === 'TEE-002')!.source.line;
    expect(annotations(res.stderr)).toContainEqual(
      expect.stringMatching(new RegExp(`^::error file=shop/catalog/tees\\.yaml,line=${line},col=\\d+,title=shelf record-refused \\(TEE-002\\)::TEE-002: Seller Center refused the products record: .*could not be downloaded`)),
    );
    const report = JSON.parse(readFileSync(join(ws, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string; location: { path: string; lines: { begin: number } } }[];
    expect(report).toContainEqual(expect.objectContaining({ check_name: 'record-refused', location: { path: 'shop/catalog/tees.yaml', lines: { begin: line } } }));
  }, 120_000);

  it('keep the --markdown document on stdout clean', async () => {
    sb.sandbox.reset();
    const ws = makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2).replace('stock: 1', 'stock: -1') });
    const res = await runCli(['plan', '--markdown'], { ...sb.env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws }, ws);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^### shelf plan failed\n/);
    expect(res.stdout).toContain('`catalog/tees.yaml:');
    expect(res.stdout).not.toContain('::error');
    expect(annotations(res.stderr)[0]).toMatch(/^::error file=catalog\/tees\.yaml,line=\d+,col=\d+,title=shelf invalid-stock/);
  }, 120_000);
});
