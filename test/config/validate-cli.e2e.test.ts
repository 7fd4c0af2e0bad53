/** `shelf validate` through the built CLI (run `npm run build` first). */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/validate.bench.js';
import { discoverCatalogFiles } from '../../src/config/find-files.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { mergeCatalogFiles } from '../../src/config/merge-catalog.js';
import { parseCatalogFile } from '../../src/config/parse-file.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { CLI, PACKAGE_ROOT as ROOT, requireBuiltCli } from '../support/cli.js';
import { makeRepo, removeRepos } from '../support/repo.js';

const CORPUS = join(ROOT, 'test', 'corpus');

function shelf(...args: string[]) {
  return shelfWith([], ...args);
}

function shelfWith(nodeFlags: string[], ...args: string[]) {
  const r = spawnSync(process.execPath, [...nodeFlags, CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Loaded into every thread of the CLI's process: says so on stderr when a worker thread starts. */
const WORKER_NOTICE =
  'data:text/javascript,import {isMainThread} from "node:worker_threads"; if (!isMainThread) process.stderr.write("a parse worker started\\n");';

/** What reading every catalog file whole reports (as a small catalog is read): the reference for reading in pieces. */
async function wholeFileDiagnostics(dir: string): Promise<Diagnostic[]> {
  const { files } = await discoverCatalogFiles(dir, (await loadSettings(dir)).settings.files);
  const results = files.map((f) => parseCatalogFile(readFileSync(f.realPath), f.path));
  return [...results.flatMap((r) => r.diagnostics), ...mergeCatalogFiles(results).diagnostics];
}

beforeAll(requireBuiltCli);
afterAll(removeRepos);

describe('shelf validate', () => {
  it('says so and exits 0 on a valid catalog', () => {
    const r = shelf('validate', join(ROOT, 'examples', 'basic'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Success! The catalog is valid: \d+ products in 1 file\.\n$/);
  });

  it.each([
    ['unknown-key-typo', 'on catalog/a.yaml:4:5, in product A-1:', 'Did you mean `base_code`?'],
    ['unknown-key-transposed', 'on catalog/a.yaml:3:5, in product A-1:', 'Did you mean `name`?'],
    ['duplicate-sku-across-files', 'on catalog/b.yaml:7:9, in product A-1:', 'also defined at catalog/a.yaml:2:5'],
    ['yaml-unclosed-quote', 'on catalog/a.yaml:2:10:', '    2:   - sku: "A-1'],
    ['alias-bomb', 'on catalog/a.yaml:5:8:', 'alias bomb'],
  ])('exits 1 on %s and shows the file, the line and what to do', (name, where, hint) => {
    const r = shelf('validate', join(CORPUS, name));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(where);
    expect(r.stderr).toContain(hint);
  });

  it('prints exactly one JSON document with --json', () => {
    const r = shelf('validate', join(CORPUS, 'price-over-precise'), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ format_version: '1', valid: false, error_count: 2, warning_count: 0 });
    expect(doc.diagnostics[0]).toMatchObject({ code: 'price-precision', sku: 'A-1', source: { file: 'catalog/a.yaml', line: 6 } });
  });

  it('reports a directory that does not exist', () => {
    const r = shelf('validate', join(CORPUS, 'no-such-directory'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not exist');
  });

  it('parses a large catalog in worker threads with the same results', { timeout: 180_000 }, () => {
    // Over the worker threshold; one file also gets an error, which must come back with its line.
    const dir = makeRepo({});
    generateCatalog(dir, 25_000);
    const ok = shelfWith(['--import', WORKER_NOTICE], 'validate', dir, '--json');
    expect(ok.code).toBe(0);
    // The built (bundled) CLI finds its worker module: with a core to spare, the pieces are shared out.
    if (availableParallelism() > 1) expect(ok.stderr).toContain('a parse worker started');
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, product_count: 25_000, file_count: 10 });
    const bad = makeRepo({ 'catalog/zz-bad.yaml': 'stocks:\n  FLAT-1: 3\n  FAM-0-S: -2\n' });
    generateCatalog(bad, 25_000);
    const r = shelf('validate', bad, '--json');
    expect(r.code).toBe(1);
    const codes = JSON.parse(r.stdout).diagnostics.map((d: { code: string; source: { file: string; line: number } }) => `${d.source.file}:${d.source.line} ${d.code}`);
    expect(codes.sort()).toEqual(['catalog/zz-bad.yaml:2 stock-given-twice', 'catalog/zz-bad.yaml:3 invalid-stock']);
  });
});

describe('shelf validate on large files read in pieces', () => {
  it('reports exactly what reading each file whole reports, positions included', { timeout: 180_000 }, async () => {
    const dir = makeRepo({});
    generateCatalog(dir, 25_000);
    const products = join(dir, 'catalog', 'products-2.yaml');
    const text = readFileSync(products, 'utf8');
    expect(text).toContain('  - sku: FLAT-4001\n');
    writeFileSync(products, text.replace(/restrict_for_others: false(\n {2}- sku: FLAT-4001\n)/, 'restrict_for_others: 3$1'));
    // A feed key written twice, far apart: each piece alone is valid, the file is not.
    writeFileSync(join(dir, 'catalog', 'stocks.yaml'), `${readFileSync(join(dir, 'catalog', 'stocks.yaml'), 'utf8')}  FLAT-1: 5\n`);
    const r = shelf('validate', dir, '--json');
    expect(r.code).toBe(1);
    const where = (d: { code: string; source?: { file: string; line: number; column: number } }) =>
      `${d.source?.file}:${d.source?.line}:${d.source?.column} ${d.code}`;
    const cli = (JSON.parse(r.stdout).diagnostics as Diagnostic[]).map(where);
    expect(cli).toEqual((await wholeFileDiagnostics(dir)).map(where));
    expect(cli.some((d) => d.startsWith('catalog/products-2.yaml:'))).toBe(true);
    expect(cli.some((d) => d.startsWith('catalog/stocks.yaml:'))).toBe(true);
  });
});
