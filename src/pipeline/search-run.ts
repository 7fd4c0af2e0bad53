/**
 * The search run: settings (of the repository, when there is one) → client → PRD108, paged up
 * to the limit → the category tree (CTG101, one request) to name each match's category. A
 * search outside a repository uses SHELF_URL and SHELF_TOKEN with the default quotas, and
 * leaves no `.shelf/` behind in a directory that is not a repository.
 */
import { hasSettingsFile, repositoryProblem } from '../config/repository-check.js';
import { loadSettings } from '../config/load-settings.js';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { CatalogProduct, RequestCounters } from '../remote/types.js';
import type { RunContext } from './context.js';
import { openClient } from './open-client.js';

/** Matches shown when --limit is not given. */
export const DEFAULT_SEARCH_LIMIT = 20;
/** The most one search reads (a single PRD108 page at the API's bulk limit). */
export const MAX_SEARCH_LIMIT = 1000;

export interface SearchInput {
  query: string;
  /** The repository to take settings from (absolute). */
  root: string;
  /** True when DIR was given: then it must be a repository. */
  explicitRoot: boolean;
  limit: number;
}

export interface SearchFound {
  query: string;
  /** All matches as the API counts them (may exceed `products`). */
  count?: number;
  products: CatalogProduct[];
  /** Category uuid → its names from the root, for the categories of the matches. */
  categoryPaths: Record<string, string[]>;
}

export interface SearchResult {
  diagnostics: Diagnostic[];
  found?: SearchFound;
  requests?: RequestCounters;
}

/** A usage problem with the query or --limit, before anything is read. */
export function searchInputProblem(query: string, limit: number): Diagnostic | undefined {
  if (query.trim() === '') {
    return { severity: 'error', code: 'search-empty-query', summary: 'The search query is empty', detail: 'Give a name, a SKU or a base code to look for, e.g. `shelf search "red t-shirt"`.' };
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    return { severity: 'error', code: 'search-bad-limit', summary: `--limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`, detail: `Without --limit, the first ${DEFAULT_SEARCH_LIMIT} matches are shown.` };
  }
  return undefined;
}

export function noMatch(query: string): Diagnostic {
  return {
    severity: 'error',
    code: 'search-no-match',
    summary: `No product in the marketplace catalog matches "${query}"`,
    detail: 'Try fewer or other words: the search looks in names, SKUs and base codes, ignoring case. A product nobody lists yet is created by adding it to the catalog without `product:`.',
  };
}

export async function searchMarketplaceCatalog(input: SearchInput, ctx: RunContext): Promise<SearchResult> {
  const query = input.query.trim();
  const problem = searchInputProblem(query, input.limit);
  if (problem) return { diagnostics: [problem] };
  if (input.explicitRoot) {
    const notRepository = await repositoryProblem(input.root);
    if (notRepository) return { diagnostics: [notRepository] };
  }
  const loaded = await loadSettings(input.root);
  const diagnostics = [...loaded.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const isRepository = await hasSettingsFile(input.root);
  const opened = openClient(loaded.settings, ctx, { root: input.root, ...(isRepository ? {} : { quotaMemoryWritable: () => false }) });
  diagnostics.push(...opened.diagnostics);
  const { client } = opened;
  if (!client) return { diagnostics };
  try {
    const search = await client.searchCatalog(query, { limit: input.limit });
    if (search.products.length === 0) return { diagnostics: [...diagnostics, noMatch(query)], requests: client.counters() };
    const categoryPaths: Record<string, string[]> = {};
    const wanted = new Set(search.products.map((p) => p.category.toLowerCase()));
    for (const category of await client.categories()) {
      if (wanted.has(category.id.toLowerCase())) categoryPaths[category.id.toLowerCase()] = category.path;
    }
    const found: SearchFound = { query, products: search.products, categoryPaths, ...(search.count !== undefined ? { count: search.count } : {}) };
    return { diagnostics, found, requests: client.counters() };
  } catch (err) {
    if (isRemoteError(err)) return { diagnostics: [...diagnostics, remoteErrorToDiagnostic(err)], requests: client.counters() };
    throw err;
  } finally {
    await client.close();
  }
}
