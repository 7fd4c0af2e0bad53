/**
 * `validate`, offline: the catalog's own checks, SKUs outside `scope:`, and, when `.shelf/`
 * holds category schemas (cached by an earlier plan) for the API this repository talks to,
 * every product's attributes against them. No request is sent; whether attributes could be
 * checked is reported, so a green validate is not taken for more than it is.
 */
import { loadCatalog } from '../config/load-catalog.js';
import type { DesiredCatalog } from '../model/catalog.js';
import { checkAttributes } from '../plan/preflight/attributes.js';
import type { AttributeCoverage } from '../plan/preflight/coverage.js';
import { checkDesiredInScope } from '../plan/guards.js';
import { cachedOrigins, readCachedSchemas, schemaCachePath } from '../remote/schema-cache.js';
import type { CategoryAttribute } from '../remote/types.js';

export interface ValidatedCatalog {
  catalog: DesiredCatalog;
  attributes: AttributeCoverage;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export async function validateCatalog(dir: string, env: NodeJS.ProcessEnv): Promise<ValidatedCatalog> {
  const catalog = await loadCatalog(dir);
  catalog.diagnostics.push(...checkDesiredInScope(catalog));
  const categories = new Set([...catalog.products.values()].map((p) => p.category));
  const file = schemaCachePath(catalog.settings.root);
  let origin = originOf(env.SHELF_URL) ?? originOf(catalog.settings.sellerCenter.url);
  if (!origin) {
    // No URL configured here (a CI validate job): the cache's one origin, if it has only one.
    const origins = await cachedOrigins(file);
    if (origins.length === 1) origin = origins[0];
  }
  const cached = origin ? await readCachedSchemas(file, origin, { now: Date.now() }) : new Map();
  const schemas = new Map<string, CategoryAttribute[]>();
  let oldest: number | undefined;
  for (const id of categories) {
    const hit = cached.get(id);
    if (!hit) continue;
    schemas.set(id, hit.attributes);
    oldest = oldest === undefined ? hit.fetchedAt : Math.min(oldest, hit.fetchedAt);
  }
  if (schemas.size > 0) {
    // Offline, shelf cannot know which products exist: each is checked as a create would be.
    const writes = [...catalog.products.values()].map((product) => ({ product, existing: null }));
    catalog.diagnostics.push(...checkAttributes(writes, schemas));
  }
  return {
    catalog,
    attributes: {
      ...(origin ? { origin } : {}),
      checked: schemas.size,
      unchecked: categories.size - schemas.size,
      ...(oldest !== undefined ? { oldest } : {}),
    },
  };
}
