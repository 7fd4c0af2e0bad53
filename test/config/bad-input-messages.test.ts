/**
 * What the loader says about bad input, beyond the file/line/code the corpus checks: each
 * message names the actual problem and what to write instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
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
