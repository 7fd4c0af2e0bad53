import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { checkDesiredInScope, checkGuards, destroyLimit } from '../../src/plan/guards.js';
import { catalog, desired, HOODIES, remote } from './build.js';

const remotes = (n: number) => Array.from({ length: n }, (_, i) => remote(`AKN-${String(i).padStart(3, '0')}`));

describe('guards', () => {
  it('computes the max_destroy limit from a count or a percentage of the scope', () => {
    expect(destroyLimit({ kind: 'count', value: 5 }, 1000)).toBe(5);
    expect(destroyLimit({ kind: 'percent', value: 10 }, 50)).toBe(5);
    expect(destroyLimit({ kind: 'percent', value: 10 }, 9)).toBe(0);
  });

  it('refuses deletions over max_destroy, naming the numbers, unless --allow-destroy', () => {
    const all = remotes(50);
    const keep = all.slice(12).map((r) => desired(r.sku));
    const c = catalog(keep, { prune: true, sources: { max_destroy: { file: 'shelf.yaml', line: 9, column: 14 } } });
    const plan = diffCatalog(c, all);
    expect(plan.summary.destroy).toBe(12);
    const refused = checkGuards(plan, c, all.length, {});
    expect(refused).toHaveLength(1);
    expect(refused[0]!.code).toBe('max-destroy-exceeded');
    expect(refused[0]!.summary).toBe('12 deletions is over the limit of 5 (10% of 50)');
    expect(refused[0]!.source).toEqual({ file: 'shelf.yaml', line: 9, column: 14 });
    expect(checkGuards(plan, c, all.length, { allowDestroy: true })).toEqual([]);

    const counted = catalog(keep, { prune: true, maxDestroy: { kind: 'count', value: 12 } });
    expect(checkGuards(diffCatalog(counted, all), counted, all.length, {})).toEqual([]);
  });

  it('refuses an empty catalog against a non-empty scope with prune, unless --allow-empty', () => {
    const all = remotes(3);
    const c = catalog([], { prune: true, maxDestroy: { kind: 'count', value: 100 } });
    const plan = diffCatalog(c, all);
    const refused = checkGuards(plan, c, all.length, {});
    expect(refused.map((d) => d.code)).toEqual(['empty-catalog']);
    expect(refused[0]!.summary).toContain('all 3 products in scope');
    expect(checkGuards(plan, c, all.length, { allowEmpty: true })).toEqual([]);
    // Without prune nothing would be deleted: no refusal.
    const noPrune = catalog([]);
    expect(checkGuards(diffCatalog(noPrune, all), noPrune, all.length, {})).toEqual([]);
  });

  it('names desired SKUs outside the scope', () => {
    const c = catalog([desired('AKN-1'), desired('XYZ-1'), desired('AKN-2', { category: HOODIES })], {
      scope: { skuPrefixes: ['AKN-'], categories: [desired('A').category] },
    });
    const diags = checkDesiredInScope(c);
    expect(diags.map((d) => [d.code, d.sku])).toEqual([
      ['sku-outside-scope', 'XYZ-1'],
      ['sku-outside-scope', 'AKN-2'],
    ]);
    expect(diags[0]!.source).toEqual(c.products.get('XYZ-1')!.source);
  });
});
