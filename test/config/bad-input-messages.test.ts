/**
 * What the loader says about bad input, beyond the file/line/code the corpus checks: each
 * message names the actual problem and what to write instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/config/limits.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { parseWithYamlLibrary } from '../../src/config/yaml/from-document.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TSHIRTS } from './repo-fixture.js';

afterAll(removeRepos);

/** The diagnostics of one valid product with `entry` added (lines that replace a field replace it). */
async function diagnosticsOf(entry: string): Promise<Diagnostic[]> {
  const fields = ['    name: Tee\n', '    base_code: A\n', `    category: ${TSHIRTS}\n`].filter((f) => !entry.startsWith(f.split(':')[0]!));
  const dir = makeRepo({ 'catalog/a.yaml': `products:\n  - sku: A-1\n${fields.join('')}${entry}` });
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

describe('values Seller Center could not hold', () => {
  it('refuses a 10,000-character SKU once, saying how long it is and the limit', async () => {
    const dir = makeRepo({ 'catalog/a.yaml': `products:\n  - sku: ${'A'.repeat(10_000)}\n    name: Tee\n    base_code: A\n    category: ${TSHIRTS}\n` });
    const [d, ...rest] = (await loadCatalog(dir)).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'too-long', source: { line: 2, column: 10 } });
    expect(d!.summary).toBe(`\`sku\` is 10000 characters long; shelf accepts at most ${LIMITS.maxSkuChars} in a SKU`);
    expect(d!.detail).toMatch(/^Shorten it/);
  });

  it.each([
    ['name', '    name: "Tee\\0"\n', 'U+0000 (null) at character 4'],
    ['name', '    name: "Tee\\e[2J"\n', 'U+001B (escape) at character 4'],
    ['name', '    name: "Two\\nlines"\n', 'U+000A (line break) at character 4'],
    ['base_code', '    base_code: "A\\t1"\n', 'U+0009 (tab) at character 2'],
    ['attribute', '    attributes: {COLOR: "Red\\u0085"}\n', 'U+0085 (next line) at character 4'],
  ])('refuses a control character in a %s, naming it and where it is', async (_, entry, where) => {
    const diags = await diagnosticsOf(entry);
    expect(diags.map((d) => d.code)).toEqual(['control-character']);
    expect(diags[0]!.summary).toContain(`holds the control character ${where}`);
    expect(diags[0]!.sku).toBe('A-1');
  });

  it('reports a control character alike whichever YAML reader read the file', async () => {
    // `\\u001b` is read by the fast reader; `\\e` and a raw ESC send the file to the yaml library.
    const reports = await Promise.all(['"Tee\\u001b"', '"Tee\\e"', 'Tee\u001b'].map((name) => diagnosticsOf(`    name: ${name}\n`)));
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[0]!.map((d) => [d.code, d.source?.line, d.source?.column])).toEqual([['control-character', 5, 11]]);
  });

  it('takes tabs and line breaks in attribute values (a multi-line description)', async () => {
    expect(await diagnosticsOf('    attributes: {DESCRIPTION: "Soft.\\n\\tLinen."}\n')).toEqual([]);
    expect(await diagnosticsOf('    attributes:\n      DESCRIPTION: |\n        Soft.\n        Linen.\n')).toEqual([]);
  });

  it('takes letters of every script, emoji joined by zero-width joiners, and spaces inside a SKU', async () => {
    const dir = makeRepo({
      'catalog/a.yaml': `products:\n  - {sku: "ÇİĞ ÖŞÜ-1", name: "Tişört 👩‍👩‍👧 — نیم‌فاصله", base_code: "ÇİĞ", category: ${TSHIRTS}}\n`,
    });
    expect((await loadCatalog(dir)).diagnostics).toEqual([]);
  });

  it('refuses a price with more integer digits than a price column holds, quoted or not', async () => {
    const digits = '1234567890123456789012345678';
    for (const written of [`"${digits}.00"`, digits, `"${digits}"`]) {
      const diags = await diagnosticsOf(`    price: ${written}\n`);
      expect(diags.map((d) => d.code), written).toEqual(['price-too-large']);
      expect(diags[0]!.summary, written).toContain(`has 28 digits before the decimal point; shelf accepts at most ${LIMITS.maxPriceIntegerDigits}`);
    }
    const largest = `${'9'.repeat(LIMITS.maxPriceIntegerDigits)}.99`;
    expect(await diagnosticsOf(`    price: "${largest}"\n`)).toEqual([]);
    expect((await diagnosticsOf(`    price: "1${largest}"\n`)).map((d) => d.code)).toEqual(['price-too-large']);
    // Leading zeros are not digits of the amount.
    expect(await diagnosticsOf(`    price: "0000000000000000000000012.50"\n`)).toEqual([]);
  });

  it('refuses a stock beyond what a stock column holds', async () => {
    expect(await diagnosticsOf(`    stock: ${LIMITS.maxStock}\n`)).toEqual([]);
    const [d] = await diagnosticsOf(`    stock: ${LIMITS.maxStock + 1}\n`);
    expect(d).toMatchObject({ code: 'invalid-stock', detail: `Stock is at most ${LIMITS.maxStock}.` });
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
