/**
 * The pre-flight corpus: every directory under test/preflight-corpus is a catalog repository
 * that breaks one rule the plan checks before writing (category attributes from CTG102, the
 * language from LNG001, scope, categories), with the diagnostics it must produce in
 * expected.json (code, file:line:column, SKU, a piece of the fix) and, when the rule concerns
 * an existing product, the sandbox seed. Each runs against its own sandbox; a failing case
 * must exit 1 from `plan` and `apply --auto-approve` with not one write request sent.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import type { SeedProduct } from '../../src/sandbox/index.js';
import { bufferedIO } from '../import/io.js';
import { cliBuilt, runCli } from '../support/cli.js';
import { startSandbox } from '../support/sandbox-harness.js';
import { TIME_SCALE } from './e2e-fixtures.js';

interface Expected {
  exit: 0 | 1;
  seed?: SeedProduct[];
  diagnostics: { severity: 'error' | 'warning'; code: string; file: string; line: number; column: number; sku?: string; detail: string }[];
}

const CORPUS = join(import.meta.dirname, '..', 'preflight-corpus');
const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const copies: string[] = [];
afterAll(() => {
  for (const d of copies) rmSync(d, { recursive: true, force: true });
});

function copyOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shelf-preflight-${name}-`));
  copies.push(dir);
  cpSync(join(CORPUS, name), dir, { recursive: true });
  rmSync(join(dir, 'expected.json'));
  return dir;
}

describe.skipIf(!cliBuilt())('pre-flight corpus against the sandbox', () => {
  it('covers every rule', () => {
    const codes = new Set(
      cases.flatMap((name) => (JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected).diagnostics.map((d) => d.code)),
    );
    for (const code of [
      'attribute-required',
      'attribute-value-not-allowed',
      'attribute-wrong-type',
      'attribute-offer-locked',
      'attribute-not-in-category',
      'unknown-language',
      'sku-outside-scope',
      'unknown-category',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it.each(cases)('%s', { timeout: 60_000 }, async (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    const h = await startSandbox({ timeScale: TIME_SCALE, batchProcessingMs: {} });
    try {
      if (expected.seed) h.sandbox.seed({ products: expected.seed });
      const env = { ...h.env, SHELF_SANDBOX_TIME_SCALE: String(TIME_SCALE) };
      const dir = copyOf(name);
      expect(existsSync(join(dir, 'catalog', 'a.yaml'))).toBe(true);

      const prepared = await preparePlan(dir, { targets: [] }, runContextOf(bufferedIO(dir, env)));
      await prepared.client?.close();
      const found = prepared.diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        file: d.source?.file,
        line: d.source?.line,
        column: d.source?.column,
        ...(d.sku !== undefined ? { sku: d.sku } : {}),
      }));
      expect(found).toEqual(expected.diagnostics.map(({ detail: _fix, ...where }) => where));
      expected.diagnostics.forEach((e, i) => expect(prepared.diagnostics[i]!.detail).toContain(e.detail));

      const writes = () => h.sandbox.requestLog().filter((r) => r.method !== 'GET').length;
      const plan = await runCli(['plan', dir], env);
      expect(plan.code, plan.stderr).toBe(expected.exit);
      for (const e of expected.diagnostics) expect(plan.stderr).toContain(`on ${e.file}:${e.line}:${e.column}`);
      if (expected.exit === 1) {
        // No plan after a failed pre-flight: only the diagnostics.
        expect(plan.stdout).toBe('');
        const apply = await runCli(['apply', dir, '--auto-approve'], env);
        expect(apply.code, apply.stderr).toBe(1);
        expect(apply.stdout).not.toMatch(/^Plan: /m);
        expect(writes()).toBe(0);
      } else {
        expect(plan.stdout).toMatch(/^Plan: 1 to add/m);
      }
    } finally {
      await h.close();
    }
  });
});
