/**
 * `product:` links in the plan: only uuids a plan sets anew are searched (once each), one PRD108
 * does not know is an error at its YAML position, and the plan shows the names found and what
 * the check cost.
 */
import { describe, expect, it } from 'vitest';
import { checkLinkedProducts } from '../../src/pipeline/check-linked-products.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { linksToCheck } from '../../src/plan/linked-products.js';
import type { CatalogProduct, SellerCenterClient } from '../../src/remote/types.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { planToJson } from '../../src/views/plan-json.js';
import { renderPlanMarkdown } from '../../src/views/plan-markdown.js';
import { catalog, desired, remoteOf } from './build.js';

const KNOWN = 'e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30';
const OTHER_KNOWN = '5eed0000-0000-4000-8000-000000000007';
const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

/** A client whose PRD108 knows two catalog products (matched by id) and counts its searches. */
function searchingClient() {
  const catalogProducts: CatalogProduct[] = [
    { id: KNOWN, name: 'Akinon Red T-shirt', base_code: 'AKN-TSHRT', sku: 'AKN-TSHRT-RD-S', category: 'c', attributes: {}, images: [] },
    { id: OTHER_KNOWN, name: 'Café Crème Tee White', base_code: 'MKT', sku: 'MKT-1', category: 'c', attributes: {}, images: [] },
  ];
  const queries: string[] = [];
  const client = {
    async searchCatalog(query: string) {
      queries.push(query);
      const products = catalogProducts.filter((p) => p.id === query.toLowerCase());
      return { products, count: products.length, pages: 1 };
    },
  } as unknown as SellerCenterClient;
  return { client, queries };
}

const linkSource = (line: number) => ({ product: { file: 'catalog/products.yaml', line, column: 14 } });

function planWithLinks() {
  const unchanged = desired('AKN-KEEP-S', { product: KNOWN, name: 'Renamed' });
  const desiredProducts = [
    desired('AKN-NEW-S', { product: KNOWN, fieldSources: linkSource(3) }),
    desired('AKN-NEW-M', { product: KNOWN, fieldSources: linkSource(11) }),
    desired('AKN-RELINK-S', { product: OTHER_KNOWN, fieldSources: linkSource(19) }),
    desired('AKN-BAD-S', { product: UNKNOWN, fieldSources: linkSource(27) }),
    desired('AKN-UNLINK-S', { product: null }),
    unchanged,
  ];
  const relinked = desiredProducts[2]!;
  const unlinked = desiredProducts[4]!;
  const remote = [
    remoteOf(relinked, { product: KNOWN }),
    remoteOf(unlinked, { product: KNOWN }),
    // The same link as before: already checked when it was written; only the name changes.
    remoteOf(unchanged, { name: 'Old name' }),
  ];
  return diffCatalog(catalog(desiredProducts), remote);
}

describe('product: links in the plan', () => {
  it('checks only the uuids the plan sets anew, each once however many SKUs share it', () => {
    const links = linksToCheck(planWithLinks());
    expect([...links].map(([uuid, changes]) => [uuid, changes.map((c) => c.sku)])).toEqual([
      [UNKNOWN, ['AKN-BAD-S']],
      [KNOWN, ['AKN-NEW-M', 'AKN-NEW-S']],
      [OTHER_KNOWN, ['AKN-RELINK-S']],
    ]);
  });

  it('searches once per uuid, refuses an unknown one at its file:line:column, and keeps the names found', async () => {
    const plan = planWithLinks();
    const { client, queries } = searchingClient();
    const diagnostics = await checkLinkedProducts(plan, client);
    expect(queries).toEqual([UNKNOWN, KNOWN, OTHER_KNOWN]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'unknown-catalog-product',
        summary: `Catalog product ${UNKNOWN} is not in the marketplace catalog (linked by AKN-BAD-S)`,
        detail: expect.stringContaining('shelf search'),
        sku: 'AKN-BAD-S',
        source: { file: 'catalog/products.yaml', line: 27, column: 14 },
      },
    ]);
    expect(plan.linkedProductNames).toEqual({ [KNOWN]: 'Akinon Red T-shirt', [OTHER_KNOWN]: 'Café Crème Tee White' });
    expect(plan.catalogSearches).toBe(3);
  });

  it('makes no search when no link changes', async () => {
    const d = desired('AKN-SAME-S', { product: KNOWN });
    const plan = diffCatalog(catalog([d]), [remoteOf(d, { stock: 3 })]);
    const { client, queries } = searchingClient();
    expect(await checkLinkedProducts(plan, client)).toEqual([]);
    expect(queries).toEqual([]);
    expect(plan.catalogSearches).toBeUndefined();
    expect(renderPlanHuman(plan, { color: false })).not.toContain('catalog search');
  });

  it('shows the catalog name next to each new link, and the searches on the Cost line', async () => {
    const plan = planWithLinks();
    await checkLinkedProducts(plan, searchingClient().client);
    const human = renderPlanHuman(plan, { color: false });
    expect(human).toContain(`+ product          = "${KNOWN}"  # Akinon Red T-shirt`);
    expect(human).toContain(`~ product = "${KNOWN}" -> "${OTHER_KNOWN}"  # Café Crème Tee White`);
    // An unlink names nothing.
    expect(human).toContain(`~ product = "${KNOWN}" -> null\n`);
    expect(human).toMatch(/^Cost: .*\. Checking the product: links took 3 catalog searches \(PRD108\) while planning\.$/m);
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain(`+     product = "${OTHER_KNOWN}"  # Café Crème Tee White\n`);
    expect(markdown).toContain('Checking the product: links took 3 catalog searches (PRD108) while planning.');
    const json = planToJson(plan) as { cost: { catalog_searches?: number }[]; linked_products?: Record<string, string> };
    expect(json.cost[0]!.catalog_searches).toBe(3);
    expect(json.linked_products).toEqual({ [KNOWN]: 'Akinon Red T-shirt', [OTHER_KNOWN]: 'Café Crème Tee White' });
  });
});
