/**
 * The `/api` endpoints. Handlers return plain replies; the sandbox turns them into responses
 * (adding undocumented fields or faults when asked).
 */
import type { BatchKind } from '../remote/types.js';
import { isPlainObject } from './http-util.js';
import { filterProducts, searchMarketplace } from './list-products.js';
import type { ResolvedOptions } from './options.js';
import { paginate } from './paginate.js';
import { renderBatch, renderProduct } from './render.js';
import type { SandboxStore } from './store.js';

export interface ApiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiContext {
  store: SandboxStore;
  options: ResolvedOptions;
  now: number;
  url: URL;
  method: string;
  /** The parsed JSON body of a write (undefined for reads). */
  body: unknown;
}

export const MAX_ITEMS = 1000;

export const LANGUAGES = [
  { code: 'en-us', name: 'English', is_default: true },
  { code: 'tr-tr', name: 'Türkçe', is_default: false },
];

const notFound: ApiReply = { status: 404, body: { detail: 'Not found.', code: 'not_found' } };
const invalidPage: ApiReply = { status: 404, body: { detail: 'Invalid page.', code: 'not_found' } };

function notAllowed(method: string, allowed: string[]): ApiReply {
  return {
    status: 405,
    body: { detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' },
    headers: { allow: allowed.join(', ') },
  };
}

const WRITE_PATHS: Record<string, BatchKind> = {
  'i2/products/prices-and-stocks': 'prices-and-stocks',
  'i2/products/prices': 'prices',
  'i2/products/stocks': 'stocks',
};

export function filesOrigin(ctx: ApiContext): string {
  return (ctx.options.variants.filesOrigin ?? ctx.url.origin).replace(/\/+$/, '');
}

function list<T>(ctx: ApiContext, items: T[], render: (item: T) => unknown): ApiReply {
  const { pageSizeCap, bogusCount, nextSelf } = ctx.options.variants;
  const page = paginate(items, ctx.url, pageSizeCap);
  if (!page.ok) return invalidPage;
  const body = { ...page.body, results: page.body.results.map(render) };
  if (bogusCount) body.count = 1_000_000_000;
  if (nextSelf && body.next !== null) body.next = ctx.url.href;
  return { status: 200, body };
}

function acceptWrite(ctx: ApiContext, kind: BatchKind): ApiReply {
  const items = ctx.body;
  if (!Array.isArray(items)) {
    const got = items === undefined ? 'null' : isPlainObject(items) ? 'dict' : typeof items;
    return { status: 400, body: { non_field_errors: [`Expected a list of items but got type "${got}".`] } };
  }
  if (items.length === 0) return { status: 400, body: { non_field_errors: ['This list may not be empty.'] } };
  if (items.length > MAX_ITEMS) {
    return { status: 400, body: { non_field_errors: [`Ensure this field has no more than ${MAX_ITEMS} elements.`] } };
  }
  const batch = ctx.store.createBatch(kind, items, ctx.now);
  const rendered = renderBatch(batch, ctx.store.phase(batch, ctx.now), filesOrigin(ctx), ctx.options.variants);
  switch (ctx.options.variants.writeResponse) {
    case 'batch':
      return { status: 202, body: rendered };
    case 'batch_request_id':
      return { status: 202, body: { batch_request_id: batch.id } };
    case 'id-only':
      return { status: 202, body: { id: batch.id } };
  }
}

function categoryTree(store: SandboxStore, parent: string | null): unknown[] {
  return store.categories
    .filter((c) => c.parent === parent)
    .map((c) => ({ id: c.id, name: c.name, parent: c.parent, children: categoryTree(store, c.id) }));
}

/** Routes a request whose path starts with `/api/`. */
export function routeApi(ctx: ApiContext): ApiReply {
  const path = ctx.url.pathname.replace(/^\/api\/+/, '').replace(/\/+$/, '');
  const { method, store } = ctx;
  const variants = ctx.options.variants;
  const only = (allowed: string, reply: () => ApiReply) => (method === allowed ? reply() : notAllowed(method, [allowed]));

  if (path === 'i1/languages') return only('GET', () => list(ctx, LANGUAGES, (l) => l));
  if (path === 'i2/products') {
    if (method === 'GET') {
      const found = filterProducts(store.products.values(), ctx.url.searchParams, variants.wholeSecondStamps);
      return found.ok ? list(ctx, found.items, (p) => renderProduct(p, variants)) : { status: 400, body: found.errors };
    }
    if (method === 'POST') return acceptWrite(ctx, 'products');
    if (method === 'DELETE') return acceptWrite(ctx, 'delete');
    return notAllowed(method, ['GET', 'POST', 'DELETE']);
  }
  if (path === 'i2/products/search') {
    return only('GET', () => {
      const found = searchMarketplace(store.marketplace, ctx.url.searchParams);
      return found.ok ? list(ctx, found.items, (m) => m) : { status: 400, body: found.errors };
    });
  }
  const writeKind = WRITE_PATHS[path];
  if (writeKind) return only('POST', () => acceptWrite(ctx, writeKind));
  const batchMatch = /^i2\/products\/batch-requests\/([^/]+)$/.exec(path);
  if (batchMatch) {
    return only('GET', () => {
      const batch = store.batches.get(decodeURIComponent(batchMatch[1]!));
      if (!batch) return notFound;
      return { status: 200, body: renderBatch(batch, store.phase(batch, ctx.now), filesOrigin(ctx), variants) };
    });
  }
  if (path === 'i2/categories') return only('GET', () => ({ status: 200, body: categoryTree(store, null) }));
  const categoryMatch = /^i2\/categories\/([^/]+)(\/attributes)?$/.exec(path);
  if (categoryMatch) {
    return only('GET', () => {
      const category = store.category(decodeURIComponent(categoryMatch[1]!));
      if (!category) return notFound;
      if (categoryMatch[2]) return { status: 200, body: category.attributes };
      return { status: 200, body: { id: category.id, name: category.name, parent: category.parent } };
    });
  }
  return notFound;
}
