/** Results parsed in a worker come back through a compact encoding: it must lose nothing. */
import { describe, expect, it } from 'vitest';
import { parseCatalogFile } from '../../src/config/parse-file.js';
import { decodeFileResult, encodeFileResult } from '../../src/config/parallel/wire.js';
import { HOODIES, TSHIRTS } from './repo-fixture.js';

const text = [
  'families:',
  '  - base_code: F',
  '    name: Hoodie',
  `    category: ${TSHIRTS}`,
  '    attributes: {COLOR: Black, ESTIMATED_SHIPPING_DURATION: 2, GIFT: true}',
  '    images: [https://cdn.example.com/a.jpg]',
  '    product: null',
  '    price: "10.50"',
  '    variants:',
  '      - {sku: F-S, attributes: {SIZE: S}, stock: 0, restrict_for_others: true}',
  '      - {sku: F-M, videos: [], product: e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30, retail_price: 12}',
  'products:',
  `  - {sku: P-1, base_code: P, name: Plain, category: ${HOODIES}, restrict_for_others: false}`,
  '  - {sku: P-2, base_code: P, name: Broken, category: nope}',
  'prices:',
  '  P-1: {retail_price: "5.00"}',
  '  F-M: {price: 11}',
  'stocks:',
  '  P-1: 3',
  '',
].join('\n');

describe('worker wire format', () => {
  it('decodes to exactly what was encoded', () => {
    const result = parseCatalogFile(new TextEncoder().encode(text), 'catalog/mixed.yaml');
    expect(result.products).toHaveLength(3);
    expect(result.diagnostics).toHaveLength(1);
    const back = decodeFileResult(structuredClone(encodeFileResult(result)));
    expect(back).toEqual(result);
    // The entry with a problem yields no product but still travels, for the cross-file checks.
    expect(back.flawed).toEqual([{ sku: 'P-2', source: { file: 'catalog/mixed.yaml', line: 14, column: 6 }, fieldSources: {} }]);
    // toEqual ignores undefined-valued keys; the wire must not invent optional fields either.
    for (const [i, p] of back.products.entries()) expect(Object.keys(p).sort()).toEqual(Object.keys(result.products[i]!).sort());
  });
});
