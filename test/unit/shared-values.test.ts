/** One copy of each repeated value across products: equal attribute sets become one object, nothing changes value. */
import { describe, expect, it } from 'vitest';
import type { Decimal } from '../../src/model/decimal.js';
import type { Attributes, DesiredProduct } from '../../src/model/product.js';
import { SharedValues } from '../../src/model/shared-values.js';

const pos = { file: 'catalog/a.yaml', line: 1, column: 1 };
const product = (sku: string, attributes: Attributes, price?: string): DesiredProduct => ({
  sku,
  name: sku,
  base_code: 'B',
  category: 'c',
  attributes,
  ...(price ? { price: price as Decimal } : {}),
  source: pos,
  fieldSources: {},
});

describe('SharedValues', () => {
  it('gives products with equal attribute sets one object, and keeps every value', () => {
    const products = [
      product('A', { COLOR: 'Red', SIZE: 'M' }, '10.00'),
      product('B', { COLOR: 'Red', SIZE: 'M' }, '10.00'),
      product('C', { COLOR: 'Red', SIZE: 'L' }),
      product('D', { SIZE: 'M', COLOR: 'Red' }),
      product('E', { COLOR: 'Red', SIZE: 1 }),
      product('F', { COLOR: 'Red', SIZE: '1' }),
    ];
    const before = structuredClone(products);
    const shared = new SharedValues();
    for (const p of products) shared.product(p);
    expect(products).toEqual(before);
    const [a, b, c, d, e, f] = products.map((p) => p.attributes);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // Key order is kept (it is the order a product's attributes are listed in): another order is another set.
    expect(d).not.toBe(a);
    expect(Object.keys(d!)).toEqual(['SIZE', 'COLOR']);
    // A number and the string of its digits stay apart.
    expect(f).not.toBe(e);
  });
});
