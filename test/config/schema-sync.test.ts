/** The JSON Schemas (used by editors and by ajv) and the TypeScript model must describe the same language. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/config/limits.js';
import { readSchema } from '../../src/config/schemas.js';
import { type TextKind, textProblem } from '../../src/config/text-rules.js';
import { OFFER_FIELDS, PRODUCT_FIELDS } from '../../src/model/product.js';
import { DEFAULT_RATE_LIMITS, type Settings } from '../../src/model/settings.js';

type Props = { properties: Record<string, unknown>; required?: string[] };
const catalog = readSchema('catalog') as { properties: Record<string, unknown>; definitions: Record<string, Props> };
const shelf = readSchema('shelf') as Props & { properties: Record<string, Props> };
const keys = (p: Props) => Object.keys(p.properties).sort();

describe('schemas and types', () => {
  it('a product takes exactly the managed fields and its SKU', () => {
    expect(keys(catalog.definitions.product!)).toEqual(['sku', ...PRODUCT_FIELDS, ...OFFER_FIELDS].sort());
  });

  it('a family takes the same fields, without sku, plus variants', () => {
    expect(keys(catalog.definitions.family!)).toEqual([...PRODUCT_FIELDS, ...OFFER_FIELDS, 'variants'].sort());
  });

  it("a variant takes a product's fields except base_code (it is the family's)", () => {
    const fields = ['sku', ...PRODUCT_FIELDS, ...OFFER_FIELDS].filter((f) => f !== 'base_code');
    expect(keys(catalog.definitions.variant!)).toEqual(fields.sort());
  });

  it('the required product fields are the ones DesiredProduct requires', () => {
    expect(catalog.definitions.product!.required!.sort()).toEqual(['base_code', 'category', 'name', 'sku']);
  });

  it('a catalog file holds products, families and the two feeds', () => {
    expect(Object.keys(catalog.properties).sort()).toEqual(['families', 'prices', 'products', 'stocks']);
  });

  it('shelf.yaml has one key per setting and one rate limit per quota resource', () => {
    const settingKeys: Record<string, keyof Settings> = {
      seller_center: 'sellerCenter',
      files: 'files',
      prune: 'prune',
      scope: 'scope',
      protect: 'protect',
      max_destroy: 'maxDestroy',
      guards: 'guards',
    };
    expect(keys(shelf)).toEqual(Object.keys(settingKeys).sort());
    const rateLimits = (shelf.properties.seller_center!.properties.rate_limits as Props).properties;
    expect(Object.keys(rateLimits).sort()).toEqual(Object.keys(DEFAULT_RATE_LIMITS).sort());
  });

  it('limits SKUs, base codes and names as shelf does, so editors flag what validate refuses', () => {
    type Text = { maxLength?: number; pattern: string };
    const defs = catalog.definitions as unknown as Record<string, Text> & { attributes: { additionalProperties: Text } };
    const rules: [TextKind, Text][] = [
      ['sku', defs.sku!],
      ['base_code', defs.code!],
      ['name', defs.name!],
      ['attribute', defs.attributes.additionalProperties],
    ];
    expect([defs.sku!.maxLength, defs.code!.maxLength, defs.name!.maxLength]).toEqual([LIMITS.maxSkuChars, LIMITS.maxSkuChars, LIMITS.maxNameChars]);
    const samples = [
      'AKN-TSHRT-RD-S', 'A B', ' A', 'A ', 'A\u0000', 'A\u001b[31m', 'A\tB', 'A\nB', 'A\rB', 'A\u007f', 'A\u0085', 'A\u00a0B', 'A\u200bB',
      'A\u200dB', 'A\u202eB', 'A\u2028B', 'A\u3000B', '\ufeffA', 'Tişört 👩‍👩‍👧', 'نیم‌فاصله', 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(500), 'x'.repeat(501),
    ];
    for (const [kind, def] of rules) {
      const re = new RegExp(def.pattern, 'u');
      for (const s of samples) {
        const schemaOk = re.test(s) && [...s].length <= (def.maxLength ?? Number.POSITIVE_INFINITY);
        expect(schemaOk, `${kind} ${JSON.stringify(s)}`).toBe(textProblem(kind, kind, s) === undefined);
      }
    }
  });
});
