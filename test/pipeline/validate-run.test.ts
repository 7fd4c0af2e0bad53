/**
 * `validate` offline: SKUs outside scope are errors (as in `plan`), and attributes are checked
 * against the category schemas `.shelf/` caches for the repository's API, or the result says
 * none are cached. No request: there is no server here at all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/pipeline/validate-run.js';
import { saveSchemas, schemaCachePath } from '../../src/remote/schema-cache.js';
import type { CategoryAttribute } from '../../src/remote/types.js';
import { makeRepo, removeRepos } from '../support/repo.js';

const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
const COLOR: CategoryAttribute = {
  key: 'COLOR',
  name: 'Color',
  dataType: 'dropdown',
  isRequired: true,
  isVariant: false,
  isOffer: false,
  isLocalizable: false,
  values: ['Red', 'Black'],
};
const product = (sku: string, color: string) =>
  `  - sku: ${sku}\n    base_code: ${sku}\n    name: Tee\n    category: ${TSHIRTS}\n    attributes: {COLOR: ${color}}\n`;

afterAll(removeRepos);

describe('validate, offline', () => {
  it('reports SKUs outside scope', async () => {
    const repo = makeRepo({ 'shelf.yaml': 'scope:\n  sku_prefixes: ["AKN-"]\n', 'catalog/a.yaml': `products:\n${product('AKN-1', 'Red')}${product('XYZ-1', 'Red')}` });
    const { catalog } = await validateCatalog(repo, {});
    expect(catalog.diagnostics.map((d) => [d.code, d.sku, d.source?.line])).toEqual([['sku-outside-scope', 'XYZ-1', 7]]);
  });

  it('says attributes were not checked when no schema is cached', async () => {
    const repo = makeRepo({ 'catalog/a.yaml': `products:\n${product('AKN-1', 'Purple')}` });
    const { catalog, attributes } = await validateCatalog(repo, { SHELF_URL: 'https://seller.example.com/api' });
    expect(catalog.diagnostics).toEqual([]);
    expect(attributes).toEqual({ origin: 'https://seller.example.com', checked: 0, unchecked: 1 });
  });

  it("checks attributes against the cached schemas of the repository's API origin only", async () => {
    const repo = makeRepo({ 'catalog/a.yaml': `products:\n${product('AKN-1', 'Purple')}` });
    await saveSchemas(schemaCachePath(repo), 'https://seller.example.com', new Map([[TSHIRTS, [COLOR]]]), 1_000);
    const here = await validateCatalog(repo, { SHELF_URL: 'https://seller.example.com/api' });
    expect(here.catalog.diagnostics.map((d) => [d.code, d.sku, d.source?.line])).toEqual([['attribute-value-not-allowed', 'AKN-1', 6]]);
    expect(here.attributes).toMatchObject({ checked: 1, unchecked: 0, oldest: 1_000 });
    // Without a URL, the cache's only origin is used; another origin's cache is not.
    expect((await validateCatalog(repo, {})).attributes.checked).toBe(1);
    expect((await validateCatalog(repo, { SHELF_URL: 'https://other.example.com/api' })).attributes.checked).toBe(0);
  });
});
