import { describe, expect, it } from 'vitest';
import type { SeedProduct } from '../../src/sandbox/index.js';
import { BASE, call, HOODIES, makeSandbox, manualClock, SNEAKERS, TOKEN, TSHIRTS } from './helpers.js';

function seedProducts(): SeedProduct[] {
  const out: SeedProduct[] = [];
  for (let i = 1; i <= 25; i++) {
    out.push({
      sku: `AKN-TSHRT-${String(i).padStart(2, '0')}`,
      name: i % 2 ? `Red T-shirt ${i}` : `Black T-shirt ${i}`,
      base_code: 'AKN-TSHRT',
      category: TSHIRTS,
      attributes: { COLOR: i % 2 ? 'Red' : 'Black', SIZE: 'M', MATERIAL: 'Organic Cotton' },
      price: '199.9',
      stock: i,
      created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000).toISOString(),
    });
  }
  out.push(
    { sku: 'HOOD-1', name: 'Grey Hoodie', base_code: 'HOOD', category: HOODIES, attributes: { COLOR: 'Grey', SIZE: 'L' } },
    { sku: 'SNK-42', name: 'Runner', base_code: 'SNK', category: SNEAKERS, attributes: { COLOR: 'White', SIZE: '42' } },
    { sku: 'PENDING-1', name: 'Waiting', base_code: 'W', category: HOODIES, attributes: {}, approved: false },
  );
  return out;
}

async function skus(sandbox: ReturnType<typeof makeSandbox>, query: string): Promise<string[]> {
  const reply = await call(sandbox, 'GET', `/api/i2/products/?limit=100&${query}`);
  expect(reply.status).toBe(200);
  return reply.body.results.map((p: { sku: string }) => p.sku);
}

describe('PRD102 listing', () => {
  const clock = manualClock(Date.parse('2026-02-01T00:00:00Z'));
  const sandbox = makeSandbox({ now: clock.now });
  sandbox.seed({ products: seedProducts() });

  it('refuses a missing or wrong token with 401', async () => {
    const none = await call(sandbox, 'GET', '/api/i2/products/', undefined, {});
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('not_authenticated');
    const wrong = await call(sandbox, 'GET', '/api/i2/products/', undefined, { authorization: `Token ${TOKEN}` });
    expect(wrong.status).toBe(401);
  });

  it('lists only approved products by default; approved=false lists the others', async () => {
    const approved = await skus(sandbox, '');
    expect(approved).toHaveLength(27);
    expect(approved).not.toContain('PENDING-1');
    expect(await skus(sandbox, 'approved=false')).toEqual(['PENDING-1']);
  });

  it('pages with count and absolute next/previous links in a stable order', async () => {
    const first = await call(sandbox, 'GET', '/api/i2/products/?limit=10&sku__startswith=x');
    expect(first.body.count).toBe(27);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${BASE}/api/i2/products/?limit=10&sku__startswith=x&page=2`);
    const second = await call(sandbox, 'GET', first.body.next);
    expect(second.body.results[0].sku).toBe('AKN-TSHRT-11');
    expect(second.body.previous).toBe(`${BASE}/api/i2/products/?limit=10&sku__startswith=x`);
    const third = await call(sandbox, 'GET', second.body.next);
    expect(third.body.results.map((p: { sku: string }) => p.sku)).toEqual([
      'AKN-TSHRT-21',
      'AKN-TSHRT-22',
      'AKN-TSHRT-23',
      'AKN-TSHRT-24',
      'AKN-TSHRT-25',
      'HOOD-1',
      'SNK-42',
    ]);
    expect(third.body.next).toBeNull();
    const defaults = await call(sandbox, 'GET', '/api/i2/products/');
    expect(defaults.body.results).toHaveLength(10);
  });

  it('answers 404 "Invalid page." past the last page or for a non-number', async () => {
    expect((await call(sandbox, 'GET', '/api/i2/products/?limit=10&page=4')).status).toBe(404);
    const bad = await call(sandbox, 'GET', '/api/i2/products/?page=abc');
    expect(bad.status).toBe(404);
    expect(bad.body.detail).toBe('Invalid page.');
  });

  it('filters on name, base_code and sku with exact, contains and icontains', async () => {
    expect(await skus(sandbox, 'name=Runner')).toEqual(['SNK-42']);
    expect(await skus(sandbox, 'name=runner')).toEqual([]);
    expect(await skus(sandbox, 'name__icontains=HOODIE')).toEqual(['HOOD-1']);
    expect(await skus(sandbox, 'name__contains=hoodie')).toEqual([]);
    expect(await skus(sandbox, 'sku__contains=TSHRT-2')).toHaveLength(6);
    expect(await skus(sandbox, 'sku__icontains=snk')).toEqual(['SNK-42']);
    expect(await skus(sandbox, 'base_code=HOOD')).toEqual(['HOOD-1']);
    expect(await skus(sandbox, 'base_code__icontains=hoo')).toEqual(['HOOD-1']);
  });

  it('filters on category and category__in, and rejects a malformed uuid', async () => {
    expect(await skus(sandbox, `category=${HOODIES}`)).toEqual(['HOOD-1']);
    expect(await skus(sandbox, `category__in=${HOODIES},${SNEAKERS}`)).toEqual(['HOOD-1', 'SNK-42']);
    const bad = await call(sandbox, 'GET', '/api/i2/products/?category=nope');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['category']);
  });

  it('filters on attributes with every lookup, keys with underscores included', async () => {
    expect(await skus(sandbox, 'attribute__COLOR=Grey')).toEqual(['HOOD-1']);
    expect(await skus(sandbox, 'attribute__COLOR__iexact=grey')).toEqual(['HOOD-1']);
    expect(await skus(sandbox, 'attribute__SIZE__startswith=4')).toEqual(['SNK-42']);
    expect(await skus(sandbox, 'attribute__SIZE__endswith=2')).toEqual(['SNK-42']);
    expect(await skus(sandbox, 'attribute__COLOR__istartswith=WH')).toEqual(['SNK-42']);
    expect(await skus(sandbox, 'attribute__COLOR__iendswith=EY')).toEqual(['HOOD-1']);
    expect(await skus(sandbox, 'attribute__MATERIAL__contains=Cotton')).toHaveLength(25);
    expect(await skus(sandbox, 'attribute__MATERIAL__contains=cotton')).toHaveLength(0);
    expect(await skus(sandbox, 'attribute__MATERIAL__icontains=cotton')).toHaveLength(25);
  });

  it('compares created_at and updated_at with gt, gte, lt and lte', async () => {
    expect(await skus(sandbox, 'created_at__lt=2026-01-01T03:00:00Z')).toEqual(['AKN-TSHRT-01', 'AKN-TSHRT-02']);
    expect(await skus(sandbox, 'created_at__lte=2026-01-01T03:00:00Z')).toHaveLength(3);
    expect(await skus(sandbox, 'created_at__gt=2026-01-02T00:00:00Z')).toEqual(['AKN-TSHRT-25', 'HOOD-1', 'SNK-42']);
    expect(await skus(sandbox, 'updated_at__gte=2026-01-02T01:00:00Z')).toEqual(['AKN-TSHRT-25', 'HOOD-1', 'SNK-42']);
    const bad = await call(sandbox, 'GET', '/api/i2/products/?updated_at__gt=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ updated_at__gt: ['Enter a valid date/time.'] });
  });

  it('carries price, retail_price and stock, with exact decimal strings and null when unset', async () => {
    const reply = await call(sandbox, 'GET', '/api/i2/products/?sku=AKN-TSHRT-03');
    expect(reply.body.results[0]).toMatchObject({ price: '199.90', retail_price: null, stock: 3, approved: true });
  });

  it('searches the marketplace catalog (PRD108) and requires a query', async () => {
    const found = await call(sandbox, 'GET', '/api/i2/products/search/?query=t-shirt');
    expect(found.status).toBe(200);
    expect(found.body.results.map((m: { id: string }) => m.id)).toContain('e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30');
    expect(found.body.results[0]).toHaveProperty('base_code');
    expect((await call(sandbox, 'GET', '/api/i2/products/search/')).status).toBe(400);
  });

  it('serves categories, category attributes and languages', async () => {
    const tree = await call(sandbox, 'GET', '/api/i2/categories/');
    expect(tree.body.map((c: { name: string }) => c.name)).toEqual(['Clothing', 'Shoes']);
    expect(tree.body[0].children.map((c: { id: string }) => c.id)).toContain(TSHIRTS);
    const attrs = await call(sandbox, 'GET', `/api/i2/categories/${SNEAKERS}/attributes/`);
    const size = attrs.body.find((a: { key: string }) => a.key === 'SIZE');
    expect(size.values.map((v: { value: string }) => v.value)).toContain('46');
    expect(size.is_variant).toBe(true);
    expect((await call(sandbox, 'GET', '/api/i2/categories/nope/attributes/')).status).toBe(404);
    const languages = await call(sandbox, 'GET', '/api/i1/languages/');
    expect(languages.body.results.map((l: { code: string }) => l.code)).toContain('en-us');
    const wrongLanguage = await call(sandbox, 'GET', '/api/i1/languages/', undefined, {
      authorization: TOKEN,
      'accept-language': 'xx-yy',
    });
    expect(wrongLanguage.status).toBe(400);
  });
});
