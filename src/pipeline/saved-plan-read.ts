/**
 * The read that checks a saved plan for staleness: the SKUs it touches, as they are now. With
 * a snapshot of the scope, an incremental read (the changes since, verified by counts) costs
 * a few requests whatever the number of SKUs, where per-SKU reads cost two each and many
 * SKUs cost a read of the whole scope; the cheaper is used, and a snapshot that cannot be
 * trusted falls back to the per-SKU reads without a word (nothing is lost but requests).
 */
import type { RemoteProduct } from '../model/product.js';
import type { Settings } from '../model/settings.js';
import type { SellerCenterClient } from '../remote/types.js';
import type { RunContext } from './context.js';
import { PER_SKU_READ_LIMIT, readRemoteCatalog, scopeFilters } from './read-remote.js';
import { incrementalReadCost, readScopeWithSnapshot } from './snapshot-read.js';

export async function readSavedPlanRecords(
  client: SellerCenterClient,
  settings: Settings,
  apiBaseUrl: string,
  skus: readonly string[],
  ctx: RunContext,
  options: { fullRead?: boolean } = {},
): Promise<RemoteProduct[]> {
  if (skus.length === 0) return [];
  const filters = scopeFilters(settings.scope);
  const perSku = skus.length <= PER_SKU_READ_LIMIT ? 2 * skus.length : Number.POSITIVE_INFINITY;
  if (!options.fullRead && perSku > incrementalReadCost(filters.length * 2)) {
    const read = await readScopeWithSnapshot(
      client,
      settings,
      filters,
      { root: settings.root, origin: new URL(apiBaseUrl).origin, incrementalOnly: true, warn: ctx.warn },
      () => undefined,
    );
    if (read) {
      const wanted = new Set(skus);
      return read.remote.filter((p) => wanted.has(p.sku));
    }
  }
  return readRemoteCatalog(client, settings, { targets: [...skus] });
}
