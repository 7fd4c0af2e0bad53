/** What `shelf search` refuses before it reads anything: an empty query, a --limit out of range. */
import { describe, expect, it } from 'vitest';
import { limitOf } from '../../src/commands/search.js';
import { DEFAULT_SEARCH_LIMIT, searchInputProblem } from '../../src/pipeline/search-run.js';
import { quotaResourceOf } from '../../src/remote/endpoints.js';

describe('search input', () => {
  it('reads --limit as a plain whole number, anything else as not a number', () => {
    expect(limitOf(undefined)).toBe(DEFAULT_SEARCH_LIMIT);
    expect(limitOf('15')).toBe(15);
    for (const bad of ['1.5', '-3', '1e3', 'ten', '']) expect(limitOf(bad)).toBeNaN();
  });

  it('refuses an empty query and a limit outside 1 to 1000, saying what to do', () => {
    expect(searchInputProblem('  ', 20)).toMatchObject({ code: 'search-empty-query', detail: expect.stringContaining('shelf search') });
    for (const limit of [0, 1001, Number.NaN]) expect(searchInputProblem('tee', limit)).toMatchObject({ code: 'search-bad-limit' });
    expect(searchInputProblem('tee', 1)).toBeUndefined();
    expect(searchInputProblem('tee', 1000)).toBeUndefined();
  });

  it('counts a search against the products quota', () => {
    expect(quotaResourceOf('/i2/products/search/')).toBe('products');
  });
});
