/** Large files read in pieces give exactly the result of reading them whole. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/validate.bench.js';
import type { CatalogFileResult } from '../../src/config/build-file.js';
import { joinPieceResults } from '../../src/config/parallel/join.js';
import { parseCatalogFile } from '../../src/config/parse-file.js';
import { parseCatalogPiece } from '../../src/config/parallel/pieces.js';
import { splitCatalogBytes } from '../../src/config/parallel/split.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TSHIRTS } from './repo-fixture.js';

afterAll(removeRepos);

const bytesOf = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

/** Splits into tiny pieces, reads each, joins; undefined when any step says "read it whole". */
function readInPieces(bytes: Uint8Array, file: string, pieceBytes = 64): CatalogFileResult | undefined {
  const pieces = splitCatalogBytes(bytes, pieceBytes);
  if (!pieces) return undefined;
  const results = pieces.map((p) => parseCatalogPiece(file, p));
  if (results.some((r) => r === undefined)) return undefined;
  return joinPieceResults(file, pieces, results as CatalogFileResult[]);
}

const product = (sku: string, extra: string[] = []) => [
  `  - sku: ${sku}`,
  `    base_code: ${sku}`,
  `    name: Shirt ${sku} – cotton`,
  `    category: ${TSHIRTS}`,
  '    attributes:',
  '      COLOR: Red',
  ...extra,
];

describe('reading a catalog file in pieces', () => {
  it('gives the whole-file result for every file of a generated catalog', () => {
    const dir = makeRepo({});
    generateCatalog(dir, 600);
    for (const name of readdirSync(join(dir, 'catalog'))) {
      const file = `catalog/${name}`;
      const bytes = readFileSync(join(dir, file));
      expect(splitCatalogBytes(bytes, 2048)!.length).toBeGreaterThan(2);
      expect(readInPieces(bytes, file, 2048)).toEqual(parseCatalogFile(bytes, file));
    }
  });

  it('keeps positions, section order and comments when sections come in any order', () => {
    const bytes = bytesOf([
      '# feeds first, products last',
      'stocks:',
      '  A-1: 3',
      '  # a comment between entries',
      '  "A-2": 4',
      'prices:',
      '  A-1: {price: "10.00"}',
      '',
      'products:',
      '- sku: A-1',
      '  base_code: A',
      '  name: Shirt',
      `  category: ${TSHIRTS}`,
      ...product('A-2').map((l) => l.slice(2)),
      'families:',
      '  - base_code: F',
      '    name: Family',
      `    category: ${TSHIRTS}`,
      '    variants:',
      '      - sku: F-1',
      '      - sku: F-2',
    ]);
    const whole = parseCatalogFile(bytes, 'c.yaml');
    expect(whole.diagnostics).toEqual([]);
    expect(splitCatalogBytes(bytes, 1)!.length).toBe(6);
    const pieces = readInPieces(bytes, 'c.yaml', 1);
    expect(pieces).toEqual(whole);
    expect(pieces!.declared.map((d) => `${d.sku}@${d.source.line}:${d.source.column}`)).toEqual(['A-1@10:3', 'A-2@14:3', 'F-1@25:9', 'F-2@26:9']);
  });

  it.each([
    ['a key written twice', ['products:', ...product('A'), 'products:', ...product('B')]],
    ['a comment after a section key', ['products: # all of them', ...product('A'), ...product('B')]],
    ['a flow value on the section line', ['stocks: {A: 1}', 'products:', ...product('A'), ...product('B')]],
    ['an unknown top-level key', ['products:', ...product('A'), ...product('B'), 'extra:', '  x: 1']],
    ['an entry indented less than the first', ['prices:', '    A: {price: "1.00"}', '  B: {price: "1.00"}']],
    ['a tab outside every entry', ['#\tnote', 'products:', ...product('A'), ...product('B')]],
  ])('reads the file whole on %s', (_, lines) => {
    expect(splitCatalogBytes(bytesOf(lines), 1)).toBeUndefined();
  });

  it('refuses the pieces when one has a problem, so diagnostics come from the whole file', () => {
    const bad = bytesOf(['products:', ...product('A'), ...product('B', ['    price: 1.999']), ...product('C')]);
    const pieces = splitCatalogBytes(bad, 1)!;
    expect(pieces.map((p) => parseCatalogPiece('c.yaml', p) === undefined)).toEqual([false, true, false]);
    expect(parseCatalogFile(bad, 'c.yaml').diagnostics.map((d) => `${d.code}@${d.source?.line}`)).toEqual(['price-precision@14']);
  });

  it('refuses to join a feed whose key is written in two pieces (the whole file is invalid YAML)', () => {
    const bytes = bytesOf(['stocks:', '  A: 1', '  B: 2', '  A: 3']);
    expect(readInPieces(bytes, 's.yaml', 1)).toBeUndefined();
    expect(parseCatalogFile(bytes, 's.yaml').diagnostics.length).toBeGreaterThan(0);
  });
});
