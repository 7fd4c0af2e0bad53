/**
 * What the pre-flight checks need from Seller Center. First the activated languages (LNG001,
 * no quota) when shelf.yaml sets one: a language the API does not accept would fail every read.
 * Then, while the products are read (a separate quota), the attribute schema (CTG102) of every
 * category the catalog's products use, from `.shelf/category-schemas.json` while fresh, else
 * once per category. Then the checks themselves, after the diff, on the products the plan will
 * write. A refusal found on a cached schema is confirmed against a fresh read first, so a stale
 * cache never blocks a plan.
 */
import type { DesiredCatalog } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { needsProductWrite } from '../plan/cost.js';
import { checkAttributes, type ProductToWrite } from '../plan/preflight/attributes.js';
import { checkLanguage } from '../plan/preflight/language.js';
import type { Plan } from '../plan/types.js';
import { isRemoteError } from '../remote/errors.js';
import { readCachedSchemas, SCHEMA_CACHE_LIFETIME_MS, saveSchemas, schemaCachePath } from '../remote/schema-cache.js';
import type { CategoryAttribute, SellerCenterClient } from '../remote/types.js';
import type { RunContext } from './context.js';

export interface PreflightReads {
  schemas: Map<string, CategoryAttribute[]>;
  /** Categories whose schema came from the cache (not read in this run). */
  fromCache: Set<string>;
}

export interface PreflightSource {
  client: SellerCenterClient;
  catalog: DesiredCatalog;
  /** The API base URL: its origin keys the cache. */
  apiBaseUrl: string;
  targets: readonly string[];
  ctx: RunContext;
  now?: () => number;
}

/** Categories of the products a plan may write: every desired product's, or the targets'. */
function categoriesWanted(catalog: DesiredCatalog, targets: readonly string[]): string[] {
  const out = new Set<string>();
  if (targets.length > 0) {
    for (const sku of targets) {
      const p = catalog.products.get(sku);
      if (p) out.add(p.category);
    }
  } else {
    for (const p of catalog.products.values()) out.add(p.category);
  }
  return [...out];
}

/** CTG102 of each category, concurrently (the client's categories quota paces them); a 404 is "no schema". */
async function readSchemas(client: SellerCenterClient, ids: readonly string[]): Promise<Map<string, CategoryAttribute[]>> {
  const read = new Map<string, CategoryAttribute[]>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        read.set(id, await client.categoryAttributes(id));
      } catch (err) {
        if (!(isRemoteError(err) && err.status === 404)) throw err;
      }
    }),
  );
  return read;
}

async function remember(source: PreflightSource, fresh: Map<string, CategoryAttribute[]>): Promise<void> {
  const file = schemaCachePath(source.catalog.settings.root);
  const problem = await saveSchemas(file, new URL(source.apiBaseUrl).origin, fresh, (source.now ?? Date.now)());
  if (problem) source.ctx.warn(`cannot save the category schemas to ${file} (${problem}); the next plan reads them again`);
}

/** `seller_center.language` against LNG001: one request, only when a language is set. */
export async function checkConfiguredLanguage(client: SellerCenterClient, catalog: DesiredCatalog): Promise<Diagnostic[]> {
  const { language } = catalog.settings.sellerCenter;
  if (language === undefined) return [];
  return checkLanguage(language, await client.languages(), catalog.settings.sources['seller_center.language']);
}

export async function readPreflightInputs(source: PreflightSource): Promise<PreflightReads> {
  const { client, catalog } = source;
  const wanted = categoriesWanted(catalog, source.targets);
  const cached = await readCachedSchemas(schemaCachePath(catalog.settings.root), new URL(source.apiBaseUrl).origin, {
    now: (source.now ?? Date.now)(),
    maxAgeMs: SCHEMA_CACHE_LIFETIME_MS,
  });
  const schemas = new Map<string, CategoryAttribute[]>();
  const fromCache = new Set<string>();
  const missing: string[] = [];
  for (const id of wanted) {
    const hit = cached.get(id);
    if (hit) {
      schemas.set(id, hit.attributes);
      fromCache.add(id);
    } else missing.push(id);
  }
  if (missing.length > 0) {
    // Only leaves have attributes; an unknown or non-leaf category is reported by checkCategories.
    const leaves = new Set((await client.categories()).filter((c) => c.isLeaf).map((c) => c.id));
    const fresh = await readSchemas(client, missing.filter((id) => leaves.has(id)));
    for (const [id, attributes] of fresh) schemas.set(id, attributes);
    await remember(source, fresh);
  }
  return { schemas, fromCache };
}

/** The products the plan writes through PRD101, with the remote record each updates. */
function productWrites(plan: Plan): ProductToWrite[] {
  const out: ProductToWrite[] = [];
  for (const c of plan.changes) if (c.after && needsProductWrite(c)) out.push({ product: c.after, existing: c.before });
  return out;
}

export async function checkPreflight(plan: Plan, reads: PreflightReads, source: PreflightSource): Promise<Diagnostic[]> {
  const writes = productWrites(plan);
  if (writes.length === 0) return [];
  // The tree is read once per run (checkCategories read it already): it names the categories.
  const names = new Map((await source.client.categories()).map((c) => [c.id, c.path.join(' > ')]));
  let found = checkAttributes(writes, reads.schemas, names);
  const categoryOf = new Map(writes.map((w) => [w.product.sku, w.product.category]));
  const suspect = new Set<string>();
  for (const d of found) {
    const category = d.severity === 'error' && d.sku ? categoryOf.get(d.sku) : undefined;
    if (category && reads.fromCache.has(category)) suspect.add(category);
  }
  if (suspect.size > 0) {
    const fresh = await readSchemas(source.client, [...suspect]);
    for (const id of suspect) {
      const attributes = fresh.get(id);
      if (attributes) reads.schemas.set(id, attributes);
      else reads.schemas.delete(id);
      reads.fromCache.delete(id);
    }
    await remember(source, fresh);
    found = checkAttributes(writes, reads.schemas, names);
  }
  return found;
}
