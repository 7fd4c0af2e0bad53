import { describe, expect, it } from 'vitest';
import type { DesiredCatalog } from '../../src/model/catalog.js';
import type { Decimal } from '../../src/model/decimal.js';
import type { DesiredProduct } from '../../src/model/product.js';
import { seedFromCatalog } from '../../src/sandbox/seed-from-catalog.js';
import { parseSandboxSpec } from '../../src/sandbox/spec.js';
import { makeSandbox, TSHIRTS } from './helpers.js';

describe('--faults spec', () => {
  it('parses fault rates, seed and slow delay', () => {
    const spec = parseSandboxSpec('429=0.1,5xx=0.05,drop=0.02,lost=0.03,slow=0.1,malformed=0.01,slow-ms=300,seed=7');
    expect(spec.errors).toEqual([]);
    expect(spec.faults).toEqual({
      rate429: 0.1,
      rate5xx: 0.05,
      rateDrop: 0.02,
      rateLost: 0.03,
      rateSlow: 0.1,
      rateMalformed: 0.01,
      slowMs: 300,
      seed: 7,
    });
  });

  it('parses every variant switch', () => {
    const spec = parseSandboxSpec(
      'status=numbers, write=batch_request_id, page-cap=50, offer-fields=off, retry-after=http-date, extra-fields, unknown-enums=on, files-origin=separate',
    );
    expect(spec.errors).toEqual([]);
    expect(spec.variants).toEqual({
      statusFormat: 'numbers',
      writeResponse: 'batch_request_id',
      pageSizeCap: 50,
      offerFieldsInList: false,
      retryAfter: 'http-date',
      extraFields: true,
      unknownEnumValues: true,
    });
    expect(spec.separateFilesOrigin).toBe(true);
    expect(parseSandboxSpec('files-origin=https://cdn.example.test').variants.filesOrigin).toBe('https://cdn.example.test');
  });

  it('names each bad setting', () => {
    const spec = parseSandboxSpec('429=2,status=loud,bogus=1,page-cap=0');
    expect(spec.errors).toHaveLength(4);
    expect(spec.errors.join('\n')).toMatch(/429=2.*\n.*names, numbers.*\n.*bogus.*\n.*page-cap=0/);
    expect(spec.variants).toEqual({});
  });
});

function desired(sku: string, color: string, extra: Partial<DesiredProduct> = {}): DesiredProduct {
  return {
    sku,
    name: sku,
    base_code: 'B',
    category: TSHIRTS,
    attributes: { COLOR: color, SIZE: 'M' },
    source: { file: 'catalog/a.yaml', line: 1, column: 1 },
    fieldSources: {},
    ...extra,
  };
}

describe('seeding from a catalog', () => {
  it('seeds approved products with price and stock, leaving out what the API would reject', async () => {
    const sandbox = makeSandbox();
    const products = new Map<string, DesiredProduct>([
      ['A', desired('A', 'Red', { price: '10.00' as Decimal, retail_price: '12.00' as Decimal, stock: 4 })],
      ['B', desired('B', 'Teal')],
      ['C', desired('C', 'Red', { price: '10.00' as Decimal, retail_price: '9.00' as Decimal })],
    ]);
    const catalog = { products, diagnostics: [], files: [] } as unknown as DesiredCatalog;
    const result = await seedFromCatalog(sandbox, '/nowhere', async () => catalog);
    expect(result.seeded).toBe(1);
    expect(result.skipped.map((s) => s.sku)).toEqual(['B', 'C']);
    expect(result.skipped[1]!.errors).toEqual([{ retail_price: 'Retail price cannot be lower than price.' }]);
    const state = sandbox.dumpState();
    expect(state.products).toEqual([
      expect.objectContaining({ sku: 'A', approved: true, price: '10.00', retail_price: '12.00', stock: 4 }),
    ]);
  });
});
