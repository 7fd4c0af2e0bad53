/**
 * The bad-input corpus: every directory under test/corpus is a small catalog repository that
 * is wrong in one way, with the diagnostics it must produce (file, line, code) in expected.json;
 * an expected diagnostic may also give the column and the SKU it must carry.
 * Inputs too big to commit (huge files and scalars, absurd nesting) are generated here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { LIMITS } from '../../src/config/limits.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

interface Expected {
  dir?: string;
  diagnostics: { severity?: 'warning'; file: string | null; line: number | null; column?: number; sku?: string; code: string }[];
}

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function triples(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.severity} ${d.source?.file ?? '-'}:${d.source?.line ?? '-'} ${d.code}`).sort();
}

describe('bad-input corpus', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s: reports exactly the expected diagnostics', async (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    const catalog = await loadCatalog(join(CORPUS, name, expected.dir ?? '.'));
    const want = expected.diagnostics
      .map((d) => `${d.severity ?? 'error'} ${d.file ?? '-'}:${d.line ?? '-'} ${d.code}`)
      .sort();
    expect(triples(catalog.diagnostics)).toEqual(want);
    for (const e of expected.diagnostics.filter((d) => d.column !== undefined || d.sku !== undefined)) {
      const same = catalog.diagnostics.filter((d) => d.code === e.code && d.source?.file === e.file && d.source?.line === e.line);
      const found = same.some((d) => (e.column === undefined || d.source?.column === e.column) && (e.sku === undefined || d.sku === e.sku));
      const seen = JSON.stringify(same.map((d) => ({ column: d.source?.column, sku: d.sku })));
      expect(found, `${e.file}:${e.line} ${e.code} wants column ${e.column}, sku ${e.sku}; found ${seen}`).toBe(true);
    }
    // Every case is invalid: at least one error, each saying what is wrong and what to do.
    expect(catalog.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of catalog.diagnostics) {
      expect(d.summary.length).toBeGreaterThan(10);
      expect(d.detail, `${d.code}: ${d.summary}`).toMatch(/\w{3,}/);
    }
  });

  it('never lets a YAML key reach Object.prototype', async () => {
    const catalog = await loadCatalog(join(CORPUS, 'proto-keys'));
    expect(catalog.diagnostics.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('generated oversized inputs', () => {
  const dirs: string[] = [];
  const repo = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-corpus-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'catalog'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'catalog', name), text);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a file over the size limit without reading it', async () => {
    const dir = repo({ 'huge.yaml': '' });
    // A sparse file: as large as needed on disk's say-so, without writing 64 MB.
    truncateSync(join(dir, 'catalog', 'huge.yaml'), LIMITS.maxFileBytes + 1);
    const catalog = await loadCatalog(dir);
    expect(triples(catalog.diagnostics)).toEqual(['error catalog/huge.yaml:1 file-too-large']);
    expect(catalog.diagnostics[0]!.summary).toContain(String(LIMITS.maxFileBytes));
  });

  it('refuses a scalar over the size limit, at its line', async () => {
    const name = 'x'.repeat(LIMITS.maxScalarChars + 1);
    const dir = repo({
      'a.yaml': `products:\n  - sku: A-1\n    name: ${name}\n    base_code: A\n    category: 07be580a-ad72-4778-b309-1d02d6c2acec\n`,
    });
    const catalog = await loadCatalog(dir);
    expect(triples(catalog.diagnostics)).toEqual(['error catalog/a.yaml:3 scalar-too-large']);
  });

  it('reports absurd nesting instead of overflowing the stack', async () => {
    const depth = 20_000;
    // Deep enough to overflow a recursive reader; a moderately deep one hits shelf's own limit.
    const dir = repo({ 'a.yaml': `products: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    const catalog = await loadCatalog(dir);
    expect(catalog.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
    const moderate = repo({ 'a.yaml': `products: ${'['.repeat(LIMITS.maxDepth + 5)}${']'.repeat(LIMITS.maxDepth + 5)}\n` });
    expect((await loadCatalog(moderate)).diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
  });
});

describe('many problems at once', () => {
  it('reports an error for every bad entry of a large feed, each at its own line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-corpus-'));
    try {
      mkdirSync(join(dir, 'catalog'));
      const n = 20_000;
      const lines = ['products:', '  - {sku: A, base_code: A, name: x, category: 07be580a-ad72-4778-b309-1d02d6c2acec}', 'stocks:'];
      for (let i = 0; i < n; i++) lines.push(`  S-${i}: "many"`);
      writeFileSync(join(dir, 'catalog', 'a.yaml'), `${lines.join('\n')}\n`);
      const catalog = await loadCatalog(dir);
      expect(catalog.diagnostics).toHaveLength(n);
      expect(catalog.diagnostics.every((d) => d.code === 'invalid-stock')).toBe(true);
      expect(catalog.diagnostics.at(-1)).toMatchObject({ sku: `S-${n - 1}`, source: { line: n + 3 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
