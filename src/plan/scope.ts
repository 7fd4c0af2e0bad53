/**
 * The part of the remote catalog a repository owns (`scope`), and the SKUs it must never
 * delete (`protect` globs). Pure functions shared by the remote read, the diff and the guards.
 */
import type { Settings } from '../model/settings.js';

export type Scope = Settings['scope'];

export function skuInPrefixes(sku: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => sku.startsWith(p));
}

export function categoryInScope(category: string, categories: readonly string[]): boolean {
  return categories.length === 0 || categories.includes(category);
}

/** True when a product with this SKU and category belongs to the repository's scope. */
export function inScope(product: { sku: string; category: string }, scope: Scope): boolean {
  return skuInPrefixes(product.sku, scope.skuPrefixes) && categoryInScope(product.category, scope.categories);
}

/**
 * Prefixes that are not covered by a shorter one (`AKN-` already covers `AKN-TSHRT-`), so
 * each remote product is listed once.
 */
export function minimalPrefixes(prefixes: readonly string[]): string[] {
  const unique = [...new Set(prefixes)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const p of unique) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/** A SKU glob: `*` any run of characters, `?` one character, everything else literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function protectMatcher(globs: readonly string[]): (sku: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (sku) => patterns.some((re) => re.test(sku));
}
