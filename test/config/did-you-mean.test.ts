import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/config/did-you-mean.js';

const PRODUCT_KEYS = ['sku', 'name', 'base_code', 'category', 'attributes', 'images', 'videos', 'product', 'restrict_for_others', 'price', 'retail_price', 'stock'];

describe('did you mean', () => {
  it('counts a swap of two adjacent characters as one edit', () => {
    expect(editDistance('nmae', 'name')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops early, but never below the real distance', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('nmae', 'name', 1)).toBe(1);
    expect(editDistance('acb', 'abc', 1)).toBe(1);
  });

  it.each([
    ['nmae', 'name'],
    ['stcok', 'stock'],
    ['pirce', 'price'],
    ['basecode', 'base_code'],
    ['Category', 'category'],
    ['atributes', 'attributes'],
    ['retial_price', 'retail_price'],
  ])('suggests %s → %s', (typo, want) => {
    expect(closest(typo, PRODUCT_KEYS)).toBe(want);
  });

  it('suggests nothing for a word that is not close to any key', () => {
    expect(closest('colour', PRODUCT_KEYS)).toBeUndefined();
    expect(closest('xyz', PRODUCT_KEYS)).toBeUndefined();
  });
});
