/**
 * PRD102 under every pagination variant the API might have, filters from typed options, and
 * tolerant normalization of the items.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeProduct } from '../../src/remote/normalize-product.js';
import { BASE, collect, makeClient } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PRODUCTS = `${BASE}/i2/products/`;
const item = (sku: string) => ({ sku, name: sku, base_code: 'B', category: 'c', attributes: {} });
const skus = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `S${String(from + i).padStart(4, '0')}`);

/** A DRF-like listing over `all` with a page-size cap and an optional `next` link. */
function listing(all: string[], opts: { cap?: number; withNext?: boolean; countOf?: () => number } = {}) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(PRODUCTS, ({ request }) => {
    const url = new URL(request.url);
    queries.push(url.searchParams);
    if (url.searchParams.get('approved') === 'false') return HttpResponse.json({ count: 0, next: null, results: [] });
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), opts.cap ?? Number.POSITIVE_INFINITY);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = all.slice((page - 1) * limit, page * limit);
    const more = page * limit < all.length;
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    const body: Record<string, unknown> = { count: opts.countOf?.() ?? all.length, results: slice.map(item) };
    if (opts.withNext !== false) body.next = more ? next.toString() : null;
    return HttpResponse.json(body);
  });
  return { handler, queries };
}

describe('pagination', () => {
  it('asks for the largest page and reads 2500 products in three requests', async () => {
    const all = skus(2500);
    const { handler, queries } = listing(all);
    server.use(handler);
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: true }));
    expect(got.map((p) => p.sku)).toEqual(all);
    expect(queries.map((q) => q.get('limit'))).toEqual(['1000', '1000', '1000']);
    await client.close();
  });

  it('a server capping pages at 50 is followed through `next` to the end', async () => {
    const all = skus(120);
    const { handler, queries } = listing(all, { cap: 50 });
    server.use(handler);
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: true }));
    expect(got.map((p) => p.sku)).toEqual(all);
    expect(queries).toHaveLength(3);
    await client.close();
  });

  it('without `next` links: pages by number while `count` says more is left, stops on a short page', async () => {
    const all = skus(120);
    const { handler, queries } = listing(all, { cap: 50, withNext: false });
    server.use(handler);
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: true }));
    expect(got.map((p) => p.sku)).toEqual(all);
    expect(queries.map((q) => q.get('page'))).toEqual(['1', '2', '3']);
    await client.close();
  });

  it('a count that keeps changing while reading neither loops nor yields a SKU twice', async () => {
    const all = skus(2200);
    let reads = 0;
    const { handler, queries } = listing(all, { countOf: () => 2200 + 7 * reads++ });
    server.use(handler);
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: true }));
    expect(got).toHaveLength(2200);
    // One pass of three pages, then at most two more passes because the count never settles.
    expect(queries).toHaveLength(9);
    await client.close();
  });

  it('a product that slipped between two pages (the listing shifted) is found by a second pass', async () => {
    const listed = skus(6);
    let requests = 0;
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        requests += 1;
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page'));
        // Between the first and second page, the first product leaves the listing (it was approved).
        if (requests === 2) listed.shift();
        const slice = listed.slice((page - 1) * 3, page * 3);
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        const more = page * 3 < listed.length;
        return HttpResponse.json({ count: listed.length, next: more ? next.toString() : null, results: slice.map(item) });
      }),
    );
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: false }));
    expect(got.map((p) => p.sku).sort()).toEqual(skus(6));
    expect(requests).toBe(4);
    await client.close();
  });

  it('a `next` pointing back at a page already read is an error that says so, never a silent short read', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        calls += 1;
        return HttpResponse.json({ count: 5000, next: request.url, results: skus(1000).map(item) });
      }),
    );
    const { client } = makeClient();
    await expect(collect(client.listProducts({ approved: true }))).rejects.toThrow(
      /page 2 of the listing is page 1 again .*`next` link points back; the listing cannot be read completely/,
    );
    expect(calls).toBe(2);
    await client.close();
  });

  it('a `next` back to an earlier page (not the same one) is caught too', async () => {
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page') ?? 1);
        const next = new URL(url);
        next.searchParams.set('page', String(page === 3 ? 1 : page + 1));
        return HttpResponse.json({ count: 9000, next: next.toString(), results: skus(1000, (page - 1) * 1000).map(item) });
      }),
    );
    const { client } = makeClient();
    await expect(collect(client.listProducts({ approved: true }))).rejects.toThrow(/page 4 of the listing is page 1 again/);
    await client.close();
  });

  it('a count of 10^9 with `next: null` ends cleanly', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, () => {
        calls += 1;
        return HttpResponse.json({ count: 1_000_000_000, next: null, results: skus(3).map(item) });
      }),
    );
    const { client } = makeClient();
    expect(await collect(client.listProducts({ approved: true }))).toHaveLength(3);
    expect(calls).toBe(1);
    await client.close();
  });

  it('pages beyond what `count` allows stop with a clear error', async () => {
    let calls = 0;
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        calls += 1;
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page') ?? 1);
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        // Says 2010 products, then keeps raising the count and handing out new ones.
        return HttpResponse.json({ count: 2000 + page * 10, next: next.toString(), results: skus(10, page * 10).map(item) });
      }),
    );
    const { client } = makeClient();
    await expect(collect(client.listProducts({ approved: true }))).rejects.toThrow(
      /the listing went on past 224 pages although its count said 2010 products/,
    );
    expect(calls).toBe(225);
    await client.close();
  });

  it('a server that serves the same page whatever `page` asks is caught (paging by number)', async () => {
    server.use(http.get(PRODUCTS, () => HttpResponse.json({ count: 5000, results: skus(1000).map(item) })));
    const { client } = makeClient();
    await expect(collect(client.listProducts({ approved: true }))).rejects.toThrow(/page 2 of the listing repeats products already read/);
    await client.close();
  });

  it('a relative `next` link is read against the page that gave it', async () => {
    const pages: (string | null)[] = [];
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page');
        pages.push(page);
        return page === '1'
          ? HttpResponse.json({ count: 2, next: '/api/i2/products/?approved=true&page=2', results: [item('A')] })
          : HttpResponse.json({ count: 2, next: null, results: [item('B')] });
      }),
    );
    const { client } = makeClient();
    expect((await collect(client.listProducts({ approved: true }))).map((p) => p.sku)).toEqual(['A', 'B']);
    expect(pages).toEqual(['1', '2']);
    await client.close();
  });

  it('a bare array (no envelope) is one complete page', async () => {
    server.use(http.get(PRODUCTS, () => HttpResponse.json([item('A'), item('B')])));
    const { client } = makeClient();
    expect((await collect(client.listProducts({ approved: true }))).map((p) => p.sku)).toEqual(['A', 'B']);
    await client.close();
  });
});

describe('approved and unapproved', () => {
  it('reads both listings by default, unapproved first, and keeps a SKU found in both once', async () => {
    const approvals: (string | null)[] = [];
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        const approved = new URL(request.url).searchParams.get('approved');
        approvals.push(approved);
        const results =
          approved === 'false' ? [{ ...item('NEW'), approved: false }] : [item('OLD'), { ...item('NEW'), approved: true }];
        return HttpResponse.json({ count: results.length, next: null, results });
      }),
    );
    const { client } = makeClient();
    const got = await collect(client.listProducts());
    expect(approvals).toEqual(['false', 'true']);
    expect(got.map((p) => p.sku)).toEqual(['NEW', 'OLD']);
    await client.close();
  });

  it('passes typed filters: lists comma-separated, extras verbatim, approved as asked', async () => {
    const { handler, queries } = listing([]);
    server.use(handler);
    const { client } = makeClient();
    await collect(
      client.listProducts({
        category__in: ['c1', 'c2'],
        sku__icontains: 'akn',
        base_code: 'AKN-TSHRT',
        updated_at__gt: '2026-01-01T00:00:00Z',
        approved: true,
        extra: { attribute__COLOR__iexact: 'red' },
      }),
    );
    expect(queries).toHaveLength(1);
    expect(Object.fromEntries(queries[0]!)).toEqual({
      category__in: 'c1,c2',
      sku__icontains: 'akn',
      base_code: 'AKN-TSHRT',
      updated_at__gt: '2026-01-01T00:00:00Z',
      attribute__COLOR__iexact: 'red',
      approved: 'true',
      limit: '1000',
      page: '1',
    });
    await client.close();
  });
});

describe('repeated values', () => {
  it('products of a listing with the same attribute set share one attribute object', async () => {
    const attributes = (sku: string) => (sku.endsWith('1') ? { COLOR: 'Red', SIZE: 'L' } : { COLOR: 'Red', SIZE: 'M' });
    server.use(
      http.get(PRODUCTS, ({ request }) => {
        const approved = new URL(request.url).searchParams.get('approved') === 'true';
        const results = (approved ? ['A0', 'A1', 'A2'] : ['U0', 'U1']).map((sku) => ({ ...item(sku), attributes: attributes(sku) }));
        return HttpResponse.json({ count: results.length, next: null, results });
      }),
    );
    const { client } = makeClient();
    const got = await collect(client.listProducts({ approved: 'both' }));
    await client.close();
    const bySku = new Map(got.map((p) => [p.sku, p.attributes]));
    expect(bySku.get('A0')).toEqual({ COLOR: 'Red', SIZE: 'M' });
    expect(bySku.get('A2')).toBe(bySku.get('A0'));
    expect(bySku.get('U0')).toBe(bySku.get('A0'));
    expect(bySku.get('U1')).toBe(bySku.get('A1'));
    expect(bySku.get('A1')).not.toBe(bySku.get('A0'));
  });
});

describe('normalizing PRD102 items', () => {
  it('offer fields the API did not send stay unknown, never zero', () => {
    const p = normalizeProduct(item('A'))!;
    expect(p.price).toBeUndefined();
    expect(p.retail_price).toBeUndefined();
    expect(p.stock).toBeUndefined();
    expect(p.product).toBeNull();
  });

  it('reads prices exactly from strings or numbers and stock from "10" or 10; ignores unknown fields', () => {
    const p = normalizeProduct({
      ...item('A'),
      price: 199.9,
      retail_price: '249.900',
      stock: '10',
      currency: 'TRY',
      brand_new_field: { nested: true },
      attributes: { COLOR: 'Red', ESTIMATED_SHIPPING_DURATION: 2, WEIRD: null, LIST: { value: 'L', label: 'Large' } },
      category: { id: 'cat-1', name: 'T-shirts' },
      images: ['https://cdn/a.jpg', { url: 'https://cdn/b.jpg' }],
    })!;
    expect(p).toMatchObject({
      price: '199.90',
      retail_price: '249.90',
      stock: 10,
      category: 'cat-1',
      attributes: { COLOR: 'Red', ESTIMATED_SHIPPING_DURATION: 2, LIST: 'L' },
      images: ['https://cdn/a.jpg', 'https://cdn/b.jpg'],
    });
    expect(p).not.toHaveProperty('currency');
    expect(Object.keys(p.attributes)).not.toContain('WEIRD');
  });

  it('a negative or fractional stock is unknown, not silently rounded; an item without SKU is skipped', () => {
    expect(normalizeProduct({ ...item('A'), stock: -1 })!.stock).toBeUndefined();
    expect(normalizeProduct({ ...item('A'), stock: 2.5 })!.stock).toBeUndefined();
    expect(normalizeProduct({ name: 'no sku' })).toBeUndefined();
    expect(normalizeProduct('garbage')).toBeUndefined();
  });
});
