/**
 * PRD108 through the client: as many matches per page as wanted, `next` followed only while more
 * are wanted, a capped page size paged through, a `next` pointing back refused, tolerant items.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCatalogProduct } from '../../src/remote/search-catalog.js';
import { BASE, makeClient } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SEARCH = `${BASE}/i2/products/search/`;
const id = (n: number) => `5eed0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const item = (n: number) => ({ id: id(n), name: `Tee ${n}`, base_code: 'TEE', sku: `TEE-${n}`, category: 'c', attributes: { SIZE: 'M' } });

function catalog(total: number, opts: { cap?: number; nextBack?: boolean } = {}) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(SEARCH, ({ request }) => {
    const url = new URL(request.url);
    queries.push(url.searchParams);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), opts.cap ?? Number.POSITIVE_INFINITY);
    const page = Number(url.searchParams.get('page') ?? 1);
    const numbers = Array.from({ length: total }, (_, i) => i + 1).slice((page - 1) * limit, page * limit);
    const next = new URL(url);
    next.searchParams.set('page', String(opts.nextBack ? page : page + 1));
    return HttpResponse.json({ count: total, next: page * limit < total ? next.toString() : null, previous: null, results: numbers.map(item) });
  });
  return { handler, queries };
}

describe('searchCatalog (PRD108)', () => {
  it('asks for the limit in one page and reads no further once it has enough', async () => {
    const { handler, queries } = catalog(57);
    server.use(handler);
    const { client } = makeClient();
    const found = await client.searchCatalog('tee', { limit: 20 });
    await client.close();
    expect(found.products.map((p) => p.sku)).toEqual(Array.from({ length: 20 }, (_, i) => `TEE-${i + 1}`));
    expect(found.count).toBe(57);
    expect(queries.map((q) => [q.get('query'), q.get('limit'), q.get('page')])).toEqual([['tee', '20', '1']]);
    expect(client.counters().requests.products).toBe(1);
  });

  it('follows next through a capped page size until the limit, counting each page against the products quota', async () => {
    const { handler, queries } = catalog(57, { cap: 10 });
    server.use(handler);
    const { client } = makeClient();
    const found = await client.searchCatalog('tee', { limit: 25 });
    await client.close();
    expect(found.products).toHaveLength(25);
    expect(found.pages).toBe(3);
    expect(queries).toHaveLength(3);
    expect(client.counters().requests.products).toBe(3);
  });

  it('stops at the last page when there are fewer matches than the limit', async () => {
    const { handler, queries } = catalog(12, { cap: 10 });
    server.use(handler);
    const { client } = makeClient();
    const found = await client.searchCatalog('tee', { limit: 100 });
    await client.close();
    expect(found.products).toHaveLength(12);
    expect(queries).toHaveLength(2);
  });

  it('refuses a next link that points back to a page already read', async () => {
    const { handler } = catalog(30, { cap: 10, nextBack: true });
    server.use(handler);
    const { client } = makeClient();
    await expect(client.searchCatalog('tee', { limit: 30 })).rejects.toThrow(/points back/);
    await client.close();
  });

  it('reads catalog items tolerantly: a category object, attribute pairs, and no id means nothing to link', () => {
    expect(
      normalizeCatalogProduct({ id: id(1), name: 'X', category: { id: 'cat', name: 'T' }, attributes: [{ key: 'COLOR', value: 'Red' }], extra: 1 }),
    ).toEqual({ id: id(1), name: 'X', base_code: '', sku: '', category: 'cat', attributes: { COLOR: 'Red' }, images: [] });
    expect(normalizeCatalogProduct({ name: 'no id' })).toBeUndefined();
  });
});
