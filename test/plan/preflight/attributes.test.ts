import { describe, expect, it } from 'vitest';
import type { DesiredProduct } from '../../../src/model/product.js';
import { checkAttributes } from '../../../src/plan/preflight/attributes.js';
import { checkLanguage } from '../../../src/plan/preflight/language.js';
import type { CategoryAttribute } from '../../../src/remote/types.js';
import { desired, remote, TSHIRTS } from '../build.js';

const attr = (key: string, fields: Partial<CategoryAttribute> = {}): CategoryAttribute => ({
  key,
  name: key,
  dataType: 'text',
  isRequired: false,
  isVariant: false,
  isOffer: false,
  isLocalizable: false,
  values: [],
  ...fields,
});

const SCHEMA: CategoryAttribute[] = [
  attr('COLOR', { dataType: 'dropdown', isRequired: true, values: ['Red', 'Black', 'Blue'] }),
  attr('SIZE', { dataType: 'dropdown', isRequired: true, isVariant: true, values: ['S', 'M', 'L'] }),
  attr('MATERIAL'),
  attr('CARE_INSTRUCTIONS', { isLocalizable: true }),
  attr('ORGANIC', { dataType: 'boolean' }),
  attr('LAUNCH_DATE', { dataType: 'date' }),
  attr('ESTIMATED_SHIPPING_DURATION', { dataType: 'number', isOffer: true }),
];
const schemas = new Map([[TSHIRTS, SCHEMA]]);
const names = new Map([[TSHIRTS, 'Clothing > T-shirts']]);

/** A product whose attribute KEY was written at line 40 + index. */
function product(sku: string, attributes: DesiredProduct['attributes']): DesiredProduct {
  const fieldSources = Object.fromEntries(Object.keys(attributes).map((k, i) => [`attributes.${k}`, { file: 'catalog/a.yaml', line: 40 + i, column: 20 }]));
  return desired(sku, { attributes, fieldSources, source: { file: 'catalog/a.yaml', line: 3, column: 5 } });
}

const check = (p: DesiredProduct, existing = null as ReturnType<typeof remote> | null) => checkAttributes([{ product: p, existing }], schemas, names);

describe('attribute pre-flight', () => {
  it('passes a product that follows its category', () => {
    const p = product('A-1', { COLOR: 'Red', SIZE: 'M', ORGANIC: true, LAUNCH_DATE: '2026-03-01', ESTIMATED_SHIPPING_DURATION: 2, CARE_INSTRUCTIONS: 'Wash cold' });
    expect(check(p)).toEqual([]);
  });

  it('refuses a dropdown value not allowed, at the attribute, listing the allowed values', () => {
    const [d, ...rest] = check(product('A-1', { COLOR: 'Purple', SIZE: 'M' }));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'attribute-value-not-allowed',
      sku: 'A-1',
      source: { file: 'catalog/a.yaml', line: 40, column: 20 },
      summary: 'A-1: COLOR "Purple" is not an allowed value in category Clothing > T-shirts',
    });
    expect(d!.detail).toContain('Allowed values: Red, Black, Blue.');
    expect(d!.detail).not.toContain('Did you mean');
  });

  it('matches exactly, with a "did you mean" for a case or spelling near miss', () => {
    expect(check(product('A-1', { COLOR: 'red', SIZE: 'M' }))[0]!.detail).toContain('Did you mean `Red`?');
    expect(check(product('A-1', { COLOR: 'Blakc', SIZE: 'M' }))[0]!.detail).toContain('Did you mean `Black`?');
  });

  it('refuses a missing required attribute at the entry, saying what to add', () => {
    const found = check(product('A-1', { COLOR: 'Red' }));
    expect(found).toEqual([
      expect.objectContaining({ code: 'attribute-required', sku: 'A-1', source: { file: 'catalog/a.yaml', line: 3, column: 5 } }),
    ]);
    expect(found[0]!.summary).toBe('A-1 has no SIZE, which category Clothing > T-shirts requires');
    expect(found[0]!.detail).toContain('Allowed values: S, M, L.');
    // An empty value is as good as missing.
    expect(check(product('A-1', { COLOR: 'Red', SIZE: '' }))[0]!.code).toBe('attribute-required');
  });

  it('warns about a key the category does not define, with a "did you mean"', () => {
    const found = check(product('A-1', { COLOUR: 'Red', SIZE: 'M' }));
    expect(found.map((d) => [d.severity, d.code])).toEqual([
      ['error', 'attribute-required'],
      ['warning', 'attribute-not-in-category'],
    ]);
    expect(found[1]!.detail).toMatch(/^Did you mean COLOR\?/);
    expect(found[1]!.source).toEqual({ file: 'catalog/a.yaml', line: 40, column: 20 });
  });

  it('refuses values of the wrong type where the type is clear', () => {
    const found = check(product('A-1', { COLOR: 'Red', SIZE: 'M', ESTIMATED_SHIPPING_DURATION: 'two days', ORGANIC: 'yes', LAUNCH_DATE: 'soon' }));
    expect(found.map((d) => [d.code, d.source?.line])).toEqual([
      ['attribute-wrong-type', 42],
      ['attribute-wrong-type', 43],
      ['attribute-wrong-type', 44],
    ]);
    expect(found[0]!.summary).toBe('A-1: ESTIMATED_SHIPPING_DURATION is "two days", not a number');
    // Numbers as text and booleans as text are what the API takes.
    expect(check(product('A-1', { COLOR: 'Red', SIZE: 'M', ESTIMATED_SHIPPING_DURATION: '3', ORGANIC: 'false' }))).toEqual([]);
  });

  it('refuses a change to an is_offer attribute of an existing product, not of a new one', () => {
    const p = product('A-1', { COLOR: 'Red', SIZE: 'M', ESTIMATED_SHIPPING_DURATION: 3 });
    expect(check(p)).toEqual([]);
    const existing = remote('A-1', { attributes: { COLOR: 'Red', SIZE: 'M', ESTIMATED_SHIPPING_DURATION: 2 } });
    const [d] = check(p, existing);
    expect(d).toMatchObject({ code: 'attribute-offer-locked', sku: 'A-1', source: { line: 42 } });
    expect(d!.summary).toContain('can only be set when a product is created; Seller Center has it "2", the catalog says "3"');
    expect(d!.detail).toContain('Put back ESTIMATED_SHIPPING_DURATION: 2');
    expect(check(product('A-1', { COLOR: 'Red', SIZE: 'M', ESTIMATED_SHIPPING_DURATION: 2 }), existing)).toEqual([]);
  });

  it('reports a bad value a family gives many variants once, at its line, naming the SKUs', () => {
    const at = { file: 'catalog/a.yaml', line: 7, column: 18 };
    const variants = ['S', 'M', 'L'].map((size, i) =>
      desired(`F-${size}`, { attributes: { COLOR: 'Purple', SIZE: size }, fieldSources: { 'attributes.COLOR': at }, source: { file: 'catalog/a.yaml', line: 10 + i, column: 9 } }),
    );
    const found = checkAttributes(variants.map((product) => ({ product, existing: null })), schemas, names);
    expect(found).toHaveLength(1);
    expect(found[0]!.summary).toContain('(3 SKUs)');
    expect(found[0]!.detail).toContain('Affects F-S, F-M, F-L.');
  });

  it('skips products whose category has no schema (unknown categories are reported elsewhere)', () => {
    expect(checkAttributes([{ product: desired('X-1', { category: 'nope', attributes: {} }), existing: null }], schemas)).toEqual([]);
  });
});

describe('language pre-flight', () => {
  const source = { file: 'shelf.yaml', line: 3, column: 3 };
  it('accepts an activated language in any case, and says nothing without one', () => {
    expect(checkLanguage('EN-US', ['en-us', 'tr-tr'], source)).toEqual([]);
    expect(checkLanguage(undefined, ['en-us'], source)).toEqual([]);
  });
  it('refuses a language the account has not activated, at its line, with a "did you mean"', () => {
    const [d] = checkLanguage('en-uk', ['en-us', 'tr-tr'], source);
    expect(d).toMatchObject({ severity: 'error', code: 'unknown-language', source });
    expect(d!.summary).toContain('(en-us, tr-tr)');
    expect(d!.detail).toMatch(/^Did you mean en-us\?/);
  });
});
