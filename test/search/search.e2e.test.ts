/**
 * `shelf search` end to end: the built CLI against the sandbox's marketplace catalog over
 * loopback, in a directory that is not a repository (SHELF_URL and SHELF_TOKEN only) and in one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../support/cli.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';

interface SearchJson {
  format_version: string;
  query: string;
  count: number;
  results: { id: string; name: string; category_path: string[] | null; yaml: string }[];
  errors?: { code: string; summary: string }[];
}

let harness: RunningSandbox | undefined;
let scratch: string;
beforeAll(() => {
  requireBuiltCli();
  scratch = mkdtempSync(join(tmpdir(), 'shelf-search-'));
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  removeRepos();
});

const searches = (h: RunningSandbox) => h.count('GET', '/api/i2/products/search/');

describe('shelf search against the sandbox', () => {
  it('prints the matches as a table and the lines to paste, outside any repository, leaving nothing behind', async () => {
    harness = await startSandbox();
    const res = await runCli(['search', 'tee'], harness.env, scratch);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^18 products in the marketplace catalog match "tee":\n\nUUID +NAME +BASE CODE +SKU +CATEGORY +ATTRIBUTES\n/);
    expect(res.stdout).toContain('Café Crème Tee White');
    expect(res.stdout).toContain('Clothing > T-shirts');
    expect(res.stdout).toContain('COLOR=White, SIZE=M');
    expect(res.stdout.match(/^ {2}product: [0-9a-f-]{36} {3}# /gm)).toHaveLength(18);
    // 18 matches fit the 20 asked for in one page; one more request names the categories.
    expect(searches(harness)).toBe(1);
    expect(harness.count('GET', '/api/i2/categories/')).toBe(1);
    expect(harness.sandbox.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    expect(existsSync(join(scratch, '.shelf'))).toBe(false);
  });

  it('pages through a capped page size up to --limit and says how many more there are', async () => {
    harness = await startSandbox({ variants: { pageSizeCap: 10 } });
    const res = await runCli(['search', 'tee', '--limit', '15'], harness.env, scratch);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('18 products in the marketplace catalog match "tee"; showing the first 15 (--limit 18 shows all):');
    expect(res.stdout.match(/^ {2}product: /gm)).toHaveLength(15);
    expect(searches(harness)).toBe(2);
    const all = await runCli(['search', 'tee', '--limit', '18'], harness.env, scratch);
    expect(all.stdout.match(/^ {2}product: /gm)).toHaveLength(18);
    expect(searches(harness)).toBe(4);
  });

  it('prints one JSON document with --json, unicode names intact', async () => {
    harness = await startSandbox();
    const res = await runCli(['search', 'Tシャツ', '--json'], harness.env, scratch);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as SearchJson;
    expect(doc).toMatchObject({ format_version: '1', query: 'Tシャツ', count: 6 });
    expect(doc.results).toHaveLength(6);
    expect(doc.results[0]).toMatchObject({ name: 'ベーシック Tシャツ Black', category_path: ['Clothing', 'T-shirts'] });
    expect(doc.results[0]!.yaml).toBe(`product: ${doc.results[0]!.id}`);
    expect(doc).not.toHaveProperty('errors');
  });

  it('exits 1 with a clear message when nothing matches, also as one JSON document', async () => {
    harness = await startSandbox();
    const res = await runCli(['search', 'no such thing'], harness.env, scratch);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^Error: No product in the marketplace catalog matches "no such thing"\n/);
    const json = await runCli(['search', 'no such thing', '--json'], harness.env, scratch);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as SearchJson;
    expect(doc).toMatchObject({ count: 0, results: [], errors: [{ code: 'search-no-match' }] });
    // Nothing matched: the category tree was not read.
    expect(harness.count('GET', '/api/i2/categories/')).toBe(0);
  });

  it('takes a repository for its settings and quota memory, and traces with --debug without the token', async () => {
    harness = await startSandbox();
    const repo = makeRepo({ 'shelf.yaml': 'seller_center:\n  rate_limits:\n    products: 10/600ms\n' });
    const res = await runCli(['--debug', 'search', 'zürich', repo, '--limit', '2'], harness.env, scratch);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/i2\/products\/search\/\?query=z%C3%BCrich&limit=2&page=1 → 200/);
    expect(res.stderr).toContain('[redacted]');
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
    expect(existsSync(join(repo, '.shelf', 'quota.json'))).toBe(true);
    const notRepository = await runCli(['search', 'tee', scratch], harness.env, scratch);
    expect(notRepository.code).toBe(1);
    expect(notRepository.stderr).toContain('is not a catalog repository');
  });
});
