/**
 * Checks that run before anything is written. Each refusal names the numbers, points at the
 * setting responsible, and says which flag overrides it.
 */
import type { DesiredCatalog } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MaxDestroy, Settings } from '../model/settings.js';
import { inScope } from './scope.js';
import type { Plan } from './types.js';

export interface GuardOptions {
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

/** The largest number of deletions `max_destroy` allows for this many products in scope. */
export function destroyLimit(max: MaxDestroy, productsInScope: number): number {
  return max.kind === 'count' ? max.value : Math.floor((max.value * productsInScope) / 100);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function checkMaxDestroy(plan: Plan, settings: Settings, productsInScope: number, opts: GuardOptions): Diagnostic[] {
  const deletions = plan.summary.destroy;
  const limit = destroyLimit(settings.maxDestroy, productsInScope);
  if (deletions <= limit || opts.allowDestroy) return [];
  const basis =
    settings.maxDestroy.kind === 'percent'
      ? `${settings.maxDestroy.value}% of ${productsInScope}`
      : `max_destroy: ${settings.maxDestroy.value}`;
  return [
    {
      severity: 'error',
      code: 'max-destroy-exceeded',
      summary: `${plural(deletions, 'deletion is', 'deletions is')} over the limit of ${limit} (${basis})`,
      detail: 'Review the deletions, then run again with --allow-destroy to go ahead, or raise max_destroy in shelf.yaml.',
      source: settings.sources.max_destroy,
    },
  ];
}

export function checkEmptyCatalog(catalog: DesiredCatalog, productsInScope: number, opts: GuardOptions): Diagnostic[] {
  const { settings } = catalog;
  if (!settings.prune || catalog.products.size > 0 || productsInScope === 0 || opts.allowEmpty) return [];
  return [
    {
      severity: 'error',
      code: 'empty-catalog',
      summary: `The catalog has no products, and prune: true would delete all ${plural(productsInScope, 'product', 'products')} in scope`,
      detail:
        'Check the `files` globs in shelf.yaml. If emptying the scope is intended, run again with --allow-empty (and --allow-destroy if max_destroy is exceeded).',
      source: settings.sources.prune,
    },
  ];
}

/**
 * Desired SKUs the scope does not cover would never be read back, so every plan would show
 * them as new: an error naming each.
 */
export function checkDesiredInScope(catalog: DesiredCatalog): Diagnostic[] {
  const { scope } = catalog.settings;
  if (scope.skuPrefixes.length === 0 && scope.categories.length === 0) return [];
  const out: Diagnostic[] = [];
  for (const d of catalog.products.values()) {
    if (inScope(d, scope)) continue;
    out.push({
      severity: 'error',
      code: 'sku-outside-scope',
      summary: `${d.sku} is outside the repository's scope, so shelf would never see it as existing`,
      detail: `scope: sku_prefixes [${scope.skuPrefixes.join(', ')}], categories [${scope.categories.join(', ')}]; widen the scope or remove the SKU.`,
      sku: d.sku,
      source: d.source,
    });
  }
  return out;
}

/** Every guard, in the order a user would want to read them. */
export function checkGuards(plan: Plan, catalog: DesiredCatalog, productsInScope: number, opts: GuardOptions): Diagnostic[] {
  const empty = checkEmptyCatalog(catalog, productsInScope, opts);
  return [...empty, ...checkMaxDestroy(plan, catalog.settings, productsInScope, opts)];
}
