/**
 * PRD102 pagination. Asks for the largest useful page, follows `next` (which must stay on
 * the API's origin), and stops on `next: null`, an empty or short page, or `count` reached.
 * A server that caps the page size still answers with a `next`; without one, shelf keeps
 * paging by number while `count` says more is left. `count` may change while reading; the
 * loop is bounded anyway. `approved` defaults to true on the server, so the full state needs
 * two listings. Unapproved products are read first: a product approved between the two
 * listings then shows up in the second instead of in neither (approval is the transition that
 * happens on its own, right after shelf created the product). A SKU seen twice is kept once.
 *
 * A broken listing is an error that says so, never a silent short read: a `next` link back to
 * a page already read, or more pages than `count` allows (ceil(count / page size), plus a
 * margin for products added meanwhile). `next: null` ends a listing whatever `count` claims.
 */
import type { RemoteProduct } from '../model/product.js';
import { SharedValues } from '../model/shared-values.js';
import { PRODUCTS_PATH } from './endpoints.js';
import { RemoteError } from './errors.js';
import { normalizeProduct } from './normalize-product.js';
import type { Transport } from './transport.js';
import type { ListingCount, ListingPage, ProductFilter } from './types.js';
import { readPage } from './page-envelope.js';

export const PAGE_LIMIT = 1000;

export function filterQuery(filter: ProductFilter): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'approved' || key === 'extra' || value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) q[key] = value.join(',');
    } else {
      q[key] = String(value);
    }
  }
  for (const [key, value] of Object.entries(filter.extra ?? {})) q[key] = value;
  return q;
}

/** Pages allowed beyond what `count` and the page size give: products may be added while reading. */
export function pageBound(count: number, pageSize: number): number {
  const pages = Math.ceil(count / Math.max(1, pageSize));
  return pages + 2 + Math.ceil(pages / 10);
}

function brokenListing(transport: Transport, message: string): RemoteError {
  const endpoint = transport.endpointOf('GET', transport.resolve(PRODUCTS_PATH));
  return new RemoteError(`${endpoint}: ${message}; the listing cannot be read completely, so nothing was decided from it`, {
    kind: 'malformed',
    endpoint,
  });
}

/** What one pass over a listing saw: how many pages, and `count` on its first and last page. */
interface PassSummary {
  pages: number;
  firstCount?: number;
  lastCount?: number;
}

/** What the passes over one listing share: the SKUs already yielded, and one copy of each repeated value. */
interface ListingState {
  seen: Set<string>;
  shared: SharedValues;
}

async function* onePass(
  transport: Transport,
  query: Record<string, string>,
  { seen, shared }: ListingState,
  summary: PassSummary,
  onPage?: (page: ListingPage) => void,
): AsyncGenerator<RemoteProduct[]> {
  let target: string = PRODUCTS_PATH;
  let params: Record<string, string> | undefined = { ...query, limit: String(PAGE_LIMIT), page: '1' };
  let page = 1;
  let read = 0;
  let pageSize = PAGE_LIMIT;
  const visited = new Map<string, number>();
  const inPass = new Set<string>();
  let bound: number | undefined;
  for (let guard = 0; guard < 100_000; guard++) {
    const res = await transport.request({ method: 'GET', target, ...(params ? { query: params } : {}), priority: 'read' });
    const number = summary.pages + 1;
    const earlier = visited.get(res.url);
    if (earlier !== undefined) {
      throw brokenListing(transport, `page ${number} of the listing is page ${earlier} again (${new URL(res.url).search || 'no query'}): the API's \`next\` link points back`);
    }
    visited.set(res.url, number);
    const { items, next, count } = readPage(res.body);
    summary.pages += 1;
    if (summary.pages === 1) summary.firstCount = count;
    summary.lastCount = count;
    if (summary.pages === 1 && count !== undefined) bound = pageBound(count, items.length);
    if (bound !== undefined && summary.pages > bound) {
      throw brokenListing(transport, `the listing went on past ${bound} pages although its count said ${summary.firstCount} products`);
    }
    if (page === 1 && summary.pages === 1) pageSize = Math.max(1, items.length);
    const date = res.headers.get('date');
    onPage?.({
      first: summary.pages === 1,
      items: items.length,
      ...(count !== undefined ? { count } : {}),
      ...(date ? { date } : {}),
    });
    read += items.length;
    const fresh: RemoteProduct[] = [];
    let repeated = 0;
    let valid = 0;
    for (const item of items) {
      const product = normalizeProduct(item);
      if (!product) continue;
      valid += 1;
      if (inPass.has(product.sku)) repeated += 1;
      inPass.add(product.sku);
      if (seen.has(product.sku)) continue;
      seen.add(product.sku);
      shared.product(product);
      fresh.push(product);
    }
    // A whole page of products this pass already read: the API serves the same page again.
    if (summary.pages > 1 && valid > 0 && repeated === valid) {
      throw brokenListing(transport, `page ${number} of the listing repeats products already read on earlier pages (the API serves the same page again)`);
    }
    if (fresh.length > 0) yield fresh;
    if (items.length === 0 || next === null) return;
    if (count !== undefined && read >= count) return;
    if (typeof next === 'string') {
      // `next` is normally absolute; a relative one is read against the page that gave it.
      target = new URL(next, res.url).toString();
      params = undefined;
      continue;
    }
    // No `next` field at all: page by number. The first page showed the server's real page size.
    if (items.length < pageSize || count === undefined) return;
    page += 1;
    target = PRODUCTS_PATH;
    params = { ...query, limit: String(PAGE_LIMIT), page: String(page) };
  }
}

/** Extra passes allowed when the listing keeps changing under us. */
const MAX_EXTRA_PASSES = 2;

/**
 * Offset pages shift when products enter or leave the listing while it is read (a product
 * approved meanwhile moves from one listing to the other), and a product can slip between two
 * pages. When `count` changed during a multi-page pass, the listing is read again; SKUs already
 * seen are not yielded twice, so only what slipped through comes out.
 */
async function* listOne(
  transport: Transport,
  query: Record<string, string>,
  state: ListingState,
  onPage?: (page: ListingPage) => void,
): AsyncGenerator<RemoteProduct[]> {
  for (let pass = 0; pass <= MAX_EXTRA_PASSES; pass++) {
    const summary: PassSummary = { pages: 0 };
    yield* onePass(transport, query, state, summary, onPage);
    if (summary.pages <= 1 || summary.firstCount === summary.lastCount) return;
  }
}

export async function* listProducts(
  transport: Transport,
  filter: ProductFilter = {},
  onPage?: (page: ListingPage) => void,
): AsyncGenerator<RemoteProduct[]> {
  const query = filterQuery(filter);
  const approvals = filter.approved === undefined || filter.approved === 'both' ? [false, true] : [filter.approved];
  const state: ListingState = { seen: new Set(), shared: new SharedValues() };
  for (const approved of approvals) {
    yield* listOne(transport, { ...query, approved: String(approved) }, state, onPage);
  }
}

/** One listing's `count`, from a page of one item (the fewest bytes a count costs). */
export async function countProducts(transport: Transport, filter: ProductFilter & { approved: boolean }): Promise<ListingCount> {
  const query = { ...filterQuery(filter), approved: String(filter.approved), limit: '1', page: '1' };
  const res = await transport.request({ method: 'GET', target: PRODUCTS_PATH, query, priority: 'read' });
  const { count } = readPage(res.body);
  const date = res.headers.get('date');
  return { ...(count !== undefined ? { count } : {}), ...(date ? { date } : {}) };
}
