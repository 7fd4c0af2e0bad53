/** The remote catalog from a scope's listings: the first listing holding a SKU in scope wins, as one pass would. */
import { describe, expect, it } from 'vitest';
import { mergeListings } from '../../src/pipeline/scope-listings.js';
import { remote } from '../plan/build.js';

describe('mergeListings', () => {
  const scope = { skuPrefixes: ['IN-'], categories: ['c-in'] };

  it('keeps the first listing’s record of a SKU, and only records in scope', () => {
    const pending = remote('IN-1', { name: 'pending revision', category: 'c-in' });
    const approved = remote('IN-1', { name: 'approved', category: 'c-in' });
    const other = remote('IN-2', { category: 'c-in' });
    const outside = remote('OUT-1', { category: 'c-in' });
    expect(mergeListings([[pending], [approved, other, outside]], scope)).toEqual([pending, other]);
  });

  it('takes a later listing’s record when the earlier one is outside the scope', () => {
    const moved = remote('IN-3', { category: 'c-out' });
    const back = remote('IN-3', { category: 'c-in' });
    expect(mergeListings([[moved], [back]], scope)).toEqual([back]);
  });

  it('merges any number of listings', () => {
    const a = remote('IN-4', { category: 'c-in', name: 'a' });
    const b = remote('IN-4', { category: 'c-in', name: 'b' });
    const c = remote('IN-5', { category: 'c-in' });
    expect(mergeListings([[], [a], [b, c], [c]], scope)).toEqual([a, c]);
  });
});
