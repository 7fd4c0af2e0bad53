/**
 * What the loader says about bad input, beyond the file/line/code the corpus checks: each
 * message names the actual problem and what to write instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { parseWithYamlLibrary } from '../../src/config/yaml/from-document.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { makeRepo, removeRepos, TSHIRTS } from './repo-fixture.js';

afterAll(removeRepos);

async function diagnosticsOf(entry: string): Promise<Diagnostic[]> {
  const dir = makeRepo({ 'catalog/a.yaml': `products:\n  - sku: A-1\n    name: Tee\n    base_code: A\n    category: ${TSHIRTS}\n${entry}` });
  return (await loadCatalog(dir)).diagnostics;
}

describe('messages for bad catalog values', () => {
  it('tells a list-valued attribute that an attribute holds one value, not to write true or false', async () => {
    const [d, ...rest] = await diagnosticsOf('    attributes: {COLOR: [Red, Blue]}\n');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'wrong-type', sku: 'A-1', source: { line: 6, column: 25 } });
    expect(d!.summary).toBe('Attribute `COLOR` must hold one value (text, a number, or true or false), not a list');
    expect(d!.detail).toContain('`COLOR: Red`');
    expect(d!.detail).toContain('one variant per value');
    expect(d!.detail).not.toContain('true or false');
  });

  it('tells a nested attribute value to write the value itself', async () => {
    const [d] = await diagnosticsOf('    attributes:\n      COLOR: {name: Red}\n');
    expect(d!.summary).toContain('not a mapping');
    expect(d!.detail).toContain('not nested');
  });

  it('still asks for true or false, without quotes, where only a boolean goes', async () => {
    const [d] = await diagnosticsOf('    restrict_for_others: "yes"\n');
    expect(d!.detail).toBe('Write true or false, without quotes.');
  });
});

describe('explicit YAML tags', () => {
  it.each([
    ['sku: !!binary QUtOLTE=\n', '!!binary', 1, 6],
    ['sku: !!str 00123\n', '!!str', 1, 6],
    ['sku: ! 00123\n', '!', 1, 6],
    ['a: &x !!int "12"\n', '!!int', 1, 7],
    ['a: !!binary &x QUtO\n', '!!binary', 1, 4],
    ['a: !!set {x, y}\n', '!!set', 1, 4],
    ['a: !!omap\n  - x: 1\n', '!!omap', 1, 4],
    ['a: [1, !!binary QUtO]\n', '!!binary', 1, 8],
    ['a:\n  !!str 12: x\n', '!!str', 2, 3],
    ['a: !<tag:yaml.org,2002:binary> QUtO\n', '!<tag:yaml.org,2002:binary>', 1, 4],
    ['a: !custom x\n', '!custom', 1, 4],
  ])('refuses %j at the tag, whether the library knows it or not', (text, tag, line, column) => {
    const parsed = parseWithYamlLibrary(text, 'f.yaml');
    expect(parsed.root).toBeUndefined();
    expect(parsed.diagnostics.map((d) => [d.severity, d.code, d.source?.line, d.source?.column])).toEqual([['error', 'yaml-tag', line, column]]);
    expect(parsed.diagnostics[0]!.summary).toContain(`tag ${tag} is not accepted`);
  });

  it('reports every tag of a file at once', async () => {
    const [a, b, ...rest] = await diagnosticsOf('    price: !!float "199.90"\n    stock: !!int "3"\n');
    expect(rest).toEqual([]);
    expect([a!.code, a!.source?.line, b!.code, b!.source?.line]).toEqual(['yaml-tag', 6, 'yaml-tag', 7]);
  });
});
