import { describe, expect, it } from 'vitest';
import type { SandboxVariants } from '../../src/sandbox/index.js';
import { call, makeSandbox, manualClock, tshirt } from './helpers.js';

function withVariants(variants: Partial<SandboxVariants>) {
  const clock = manualClock();
  const sandbox = makeSandbox({ now: clock.now, variants });
  return { clock, sandbox };
}

/** Statuses seen by a poller of a partially failing batch: queued, processing, done. */
async function statusesOf(variants: Partial<SandboxVariants>): Promise<unknown[]> {
  const { clock, sandbox } = withVariants(variants);
  const accepted = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('V-1'), tshirt('V-2', 'Teal')]);
  const path = `/api/i2/products/batch-requests/${accepted.body.id}`;
  const seen = [(await call(sandbox, 'GET', path)).body.status];
  clock.advance(1500);
  seen.push((await call(sandbox, 'GET', path)).body.status);
  clock.advance(60_000);
  seen.push((await call(sandbox, 'GET', path)).body.status);
  return seen;
}

describe('API variants', () => {
  it('reports batch status as names, numbers, numeric strings or titles', async () => {
    expect(await statusesOf({ statusFormat: 'names' })).toEqual(['pending', 'processing', 'partially_succeeded']);
    expect(await statusesOf({ statusFormat: 'numbers' })).toEqual([1, 2, 4]);
    expect(await statusesOf({ statusFormat: 'numeric-strings' })).toEqual(['1', '2', '4']);
    expect(await statusesOf({ statusFormat: 'titles' })).toEqual(['Pending', 'Processing', 'Partially Succeeded']);
  });

  it('reports an undocumented status while a batch is queued when enums gain values', async () => {
    expect(await statusesOf({ unknownEnumValues: true })).toEqual(['queued', 'processing', 'partially_succeeded']);
    expect(await statusesOf({ unknownEnumValues: true, statusFormat: 'numbers' })).toEqual([6, 2, 4]);
  });

  it('answers writes with the batch object, {batch_request_id} or {id}', async () => {
    for (const [writeResponse, keys] of [
      ['batch', ['created_at', 'error_file', 'id', 'processed_in', 'registry', 'request_file', 'status', 'success_file', 'updated_at']],
      ['batch_request_id', ['batch_request_id']],
      ['id-only', ['id']],
    ] as const) {
      const { sandbox } = withVariants({ writeResponse });
      const reply = await call(sandbox, 'POST', '/api/i2/products/stocks/', [{ sku: 'X', stock: 1 }]);
      expect(reply.status).toBe(202);
      expect(Object.keys(reply.body).sort()).toEqual([...keys]);
      const id = reply.body.batch_request_id ?? reply.body.id;
      expect((await call(sandbox, 'GET', `/api/i2/products/batch-requests/${id}`)).status).toBe(200);
    }
  });

  it('caps the page size whatever limit asks, and next links still cover everything', async () => {
    const { sandbox } = withVariants({ pageSizeCap: 3 });
    sandbox.seed({ products: Array.from({ length: 7 }, (_, i) => tshirt(`C-${i}`)) });
    let url: string | null = '/api/i2/products/?limit=100';
    const sizes: number[] = [];
    while (url) {
      const page: { body: { results: unknown[]; next: string | null; count: number } } = await call(sandbox, 'GET', url);
      expect(page.body.count).toBe(7);
      sizes.push(page.body.results.length);
      url = page.body.next;
    }
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('leaves price, retail_price and stock out of listings when offer fields are off', async () => {
    const { sandbox } = withVariants({ offerFieldsInList: false });
    sandbox.seed({ products: [{ ...tshirt('N-1'), price: '10.00', stock: 5 }] });
    const item = (await call(sandbox, 'GET', '/api/i2/products/')).body.results[0];
    expect(item.sku).toBe('N-1');
    expect(item).not.toHaveProperty('price');
    expect(item).not.toHaveProperty('retail_price');
    expect(item).not.toHaveProperty('stock');
    expect(sandbox.dumpState().products[0]).toMatchObject({ price: '10.00', stock: 5 });
  });

  it('points batch files at another origin, which serves them without a token', async () => {
    const { clock, sandbox } = withVariants({ filesOrigin: 'https://cdn.sandbox.test' });
    const accepted = await call(sandbox, 'POST', '/api/i2/products/', [tshirt('O-1', 'Teal')]);
    expect(accepted.body.request_file).toMatch(/^https:\/\/cdn\.sandbox\.test\/files\//);
    clock.advance(60_000);
    const batch = (await call(sandbox, 'GET', `/api/i2/products/batch-requests/${accepted.body.id}`)).body;
    expect(new URL(batch.error_file).origin).toBe('https://cdn.sandbox.test');
    const errors = await call(sandbox, 'GET', batch.error_file, undefined, {});
    expect(errors.body[0].sku).toBe('O-1');
    expect(sandbox.requestLog().at(-1)).toMatchObject({ path: expect.stringMatching(/^\/files\//), authorization: false });
  });

  it('adds undocumented fields to responses without touching attribute maps', async () => {
    const { sandbox } = withVariants({ extraFields: true });
    sandbox.seed({ products: [tshirt('X-1')] });
    const list = (await call(sandbox, 'GET', '/api/i2/products/')).body;
    expect(list).toHaveProperty('extra_info');
    expect(list.results[0]).toHaveProperty('currency_type');
    expect(list.results[0].attributes).toEqual({ COLOR: 'Red', SIZE: 'S' });
    const write = (await call(sandbox, 'POST', '/api/i2/products/stocks/', [{ sku: 'X-1', stock: 1 }])).body;
    expect(write).toHaveProperty('_sandbox_revision');
    const categories = (await call(sandbox, 'GET', '/api/i2/categories/')).body;
    expect(categories[0]).toHaveProperty('extra_info');
  });

  it('can switch variants on a running sandbox', async () => {
    const { sandbox } = withVariants({});
    sandbox.setVariants({ writeResponse: 'id-only' });
    const reply = await call(sandbox, 'POST', '/api/i2/products/stocks/', [{ sku: 'X', stock: 1 }]);
    expect(Object.keys(reply.body)).toEqual(['id']);
  });
});
