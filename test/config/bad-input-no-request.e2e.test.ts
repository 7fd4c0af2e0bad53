/**
 * Bad input stops `plan` and `apply` before the first request: the corpus cases of values
 * Seller Center could not hold, YAML tags, and settings shelf refuses, against a live sandbox.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuilt, runCli } from '../support/cli.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { runInProcess, TIME_SCALE } from '../plan/e2e-fixtures.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const CASES = [
  'sku-too-long',
  'name-too-long',
  'control-characters',
  'invisible-characters-in-sku',
  'yaml-tags',
  'price-too-many-digits',
  'stock-over-limit',
  'list-valued-attribute',
  'unknown-key-transposed',
  'protect-invalid-glob',
  'settings-url-not-https',
  'settings-max-destroy-over-100',
  'files-outside-repository',
  'files-not-a-list',
];

let harness: RunningSandbox;
const copies: string[] = [];
let env: Record<string, string>;

/** A copy of a corpus case (plan may leave `.shelf/` state: never in the source tree). */
function copyOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shelf-bad-${name}-`));
  copies.push(dir);
  cpSync(join(CORPUS, name), dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  harness = await startSandbox({ timeScale: TIME_SCALE, batchProcessingMs: {} });
  env = { SHELF_URL: harness.server.url, SHELF_TOKEN: TOKEN };
});
afterAll(async () => {
  await harness?.close();
  for (const d of copies) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!cliBuilt())('bad input against the sandbox', () => {
  it.each(CASES)('plan on %s exits 1 naming the file and line, and sends no request', async (name) => {
    const since = harness.sandbox.requestLog().length;
    const res = await runInProcess('plan', { dir: copyOf(name) }, env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/on (catalog\/[a-z]+\.yaml|shelf\.yaml):\d+:\d+/);
    expect(harness.sandbox.requestLog().slice(since)).toEqual([]);
  });

  it('the built CLI refuses them too: plan and apply --auto-approve send nothing', { timeout: 120_000 }, async () => {
    const since = harness.sandbox.requestLog().length;
    for (const name of ['sku-too-long', 'yaml-tags']) {
      const dir = copyOf(name);
      for (const args of [['plan', dir], ['apply', dir, '--auto-approve']]) {
        const res = await runCli(args, env);
        expect(res.code, `${args.join(' ')}\n${res.stderr}`).toBe(1);
        expect(res.stdout).toBe('');
        expect(res.stderr).toContain('on catalog/a.yaml:2:10');
        expect(`${res.stdout}${res.stderr}`).not.toContain(TOKEN);
      }
    }
    expect(harness.sandbox.requestLog().slice(since)).toEqual([]);
  });
});
