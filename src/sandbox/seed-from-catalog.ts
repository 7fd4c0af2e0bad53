/**
 * Seeds a sandbox from a catalog repository, the way `shelf sandbox --seed DIR` does: every
 * desired product becomes an approved remote product with its price and stock, except those
 * the API itself would reject (reported, not seeded).
 */
import type { DesiredCatalog } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DesiredProduct } from '../model/product.js';
import type { SeedProduct, SeedResult } from './control.js';
import type { Sandbox } from './sandbox.js';

type LoadCatalog = (dir: string) => Promise<DesiredCatalog>;

/** The catalog loader, imported lazily so the sandbox does not load YAML machinery until asked. */
async function catalogLoader(): Promise<LoadCatalog> {
  return (await import('../config/load-catalog.js')).loadCatalog;
}

export function toSeedProduct(p: DesiredProduct): SeedProduct {
  const seed: SeedProduct = {
    sku: p.sku,
    name: p.name,
    base_code: p.base_code,
    category: p.category,
    attributes: p.attributes,
  };
  if (p.images) seed.images = p.images;
  if (p.videos) seed.videos = p.videos;
  if (p.product !== undefined) seed.product = p.product;
  if (p.restrict_for_others !== undefined) seed.restrict_for_others = p.restrict_for_others;
  if (p.price !== undefined) seed.price = p.price;
  if (p.retail_price !== undefined) seed.retail_price = p.retail_price;
  if (p.stock !== undefined) seed.stock = p.stock;
  return seed;
}

export async function seedFromCatalog(
  sandbox: Sandbox,
  dir: string,
  load?: LoadCatalog,
): Promise<SeedResult & { diagnostics: Diagnostic[] }> {
  const catalog = await (load ?? (await catalogLoader()))(dir);
  const products = [...catalog.products.values()].map(toSeedProduct);
  const result = sandbox.seed({ products, validate: true });
  return { ...result, diagnostics: catalog.diagnostics };
}
