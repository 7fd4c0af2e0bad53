import { describe, expect, it } from 'vitest';
import { call, HOODIES, makeSandbox, manualClock, TSHIRTS, tshirt } from './helpers.js';

describe('in-process control', () => {
  it('mutates a product as another user would: fields, offer fields and approval, with a new updated_at', async () => {
    const clock = manualClock();
    const sandbox = makeSandbox({ now: clock.now });
    sandbox.seed({ products: [{ ...tshirt('M-1'), price: '10.00', stock: 2 }] });
    const before = (await call(sandbox, 'GET', '/api/i2/products/?sku=M-1')).body.results[0];
    // Same instant as the seed: updated_at must still move, or a staleness check could miss it.
    const after = sandbox.mutateProduct('M-1', { name: 'Edited in the back office', stock: 0, approved: false });
    expect(after).toMatchObject({ name: 'Edited in the back office', stock: 0, price: '10.00', approved: false });
    expect(Date.parse(after.updated_at as string)).toBeGreaterThan(Date.parse(before.updated_at));
    expect((await call(sandbox, 'GET', '/api/i2/products/?sku=M-1')).body.count).toBe(0);
    expect((await call(sandbox, 'GET', '/api/i2/products/?sku=M-1&approved=false')).body.results[0].stock).toBe(0);
    expect(() => sandbox.mutateProduct('NOPE', { name: 'x' })).toThrow(/NOPE/);
  });

  it('seeds unapproved products that are approved after the delay, and replaces the marketplace catalog', async () => {
    const clock = manualClock();
    const sandbox = makeSandbox({ now: clock.now, approvalDelayMs: 5000 });
    sandbox.seed({
      products: [{ ...tshirt('W-1'), approved: false }],
      marketplace: [
        {
          id: '22222222-2222-4222-8222-222222222222',
          name: 'Only Item',
          base_code: 'ONLY',
          sku: 'ONLY-1',
          category: HOODIES,
          attributes: {},
          images: [],
          videos: [],
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        },
      ],
    });
    expect(sandbox.dumpState().products[0]).toMatchObject({ approved: false, approve_at: expect.any(String) });
    clock.advance(5000);
    expect(sandbox.dumpState().products[0]).toMatchObject({ approved: true, approve_at: null });
    const search = await call(sandbox, 'GET', '/api/i2/products/search/?query=only');
    expect(search.body.results.map((m: { sku: string }) => m.sku)).toEqual(['ONLY-1']);
    expect((await call(sandbox, 'GET', '/api/i2/products/search/?query=akinon')).body.count).toBe(0);
  });

  it('resets products, batches, the log and quotas but keeps the seed categories', async () => {
    const sandbox = makeSandbox({ rateLimits: { products: { requests: 1, windowMs: 60_000 } } });
    sandbox.seed({ products: [tshirt('R-1')] });
    await call(sandbox, 'POST', '/api/i2/products/', [tshirt('R-2')]);
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(429);
    sandbox.reset();
    expect(sandbox.requestLog()).toEqual([]);
    expect(sandbox.dumpState()).toMatchObject({ products: [], batches: [] });
    expect((await call(sandbox, 'GET', '/api/i2/products/')).status).toBe(200);
    expect((await call(sandbox, 'GET', `/api/i2/categories/${TSHIRTS}/`)).body).toEqual({
      id: TSHIRTS,
      name: 'T-shirts',
      parent: 'c0a80001-0000-4000-8000-000000000001',
    });
  });
});

describe('protocol details', () => {
  it('answers 405 with Allow for a method a path does not take, and 404 elsewhere', async () => {
    const sandbox = makeSandbox();
    const put = await call(sandbox, 'PUT', '/api/i2/products/', []);
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
    expect((await call(sandbox, 'POST', '/api/i2/products/batch-requests/x', [])).status).toBe(405);
    expect((await call(sandbox, 'GET', '/api/i2/orders/')).status).toBe(404);
    expect((await call(sandbox, 'GET', '/elsewhere')).status).toBe(404);
  });

  it('answers a body that is not JSON with a 400 parse error', async () => {
    const sandbox = makeSandbox();
    const response = await sandbox.handle(
      new Request('https://sandbox.test/api/i2/products/', {
        method: 'POST',
        headers: { authorization: 'test-token', 'content-type': 'application/json' },
        body: '[{"sku": ',
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('parse_error');
  });

  it('logs method, path, status, throttling and whether a token came, never the token', async () => {
    const sandbox = makeSandbox();
    await call(sandbox, 'GET', '/api/i2/products/?limit=1');
    await call(sandbox, 'GET', '/api/i2/products/', undefined, {});
    const log = sandbox.requestLog();
    expect(log).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/i2/products/?limit=1', status: 200, throttled: false, authorization: true }),
      expect.objectContaining({ status: 401, authorization: false }),
    ]);
    expect(JSON.stringify(log)).not.toContain('test-token');
  });
});
