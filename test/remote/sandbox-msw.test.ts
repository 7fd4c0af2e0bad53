import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { collect, makeClient, ORIGIN, T_SHIRTS, TOKEN } from './helpers.js';

let sandbox: Sandbox = createSandbox({ token: TOKEN, timeScale: 1000 });
const server = setupServer(http.all(`${ORIGIN}/*`, ({ request }) => sandbox.handle(request)));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function product(sku: string, extra: Record<string, unknown> = {}) {
  return { sku, name: `Tee ${sku}`, base_code: 'TEE', category: T_SHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' }, ...extra };
}

describe('client against the sandbox handler (msw)', () => {
  it('lists approved and unapproved products, submits a write and follows its batch to the error file', async () => {
    sandbox = createSandbox({ token: TOKEN, timeScale: 1000 });
    sandbox.seed({ products: [product('A-1', { price: '10.00', stock: 3 }), product('A-2', { approved: false })] });
    const { client } = makeClient();
    const listed = await collect(client.listProducts());
    expect(listed.map((p) => p.sku).sort()).toEqual(['A-1', 'A-2']);
    expect(listed.find((p) => p.sku === 'A-1')).toMatchObject({ price: '10.00', stock: 3, category: T_SHIRTS });

    const id = await client.submit('stocks', [
      { sku: 'A-1', stock: 5 },
      { sku: 'NOPE', stock: 1 },
    ]);
    const result = await client.waitForBatch(id, 'stocks', ['A-1', 'NOPE']);
    expect(result.state).toBe('partially_succeeded');
    expect(result.problem).toBeUndefined();
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.sku).toBe('NOPE');
    expect(result.failures[0]!.messages.join()).toMatch(/^sku: /);
    await client.close();
  });

  it('flattens the category tree with paths and reads leaf attributes', async () => {
    const { client } = makeClient();
    const categories = await client.categories();
    const tshirts = categories.find((c) => c.id === T_SHIRTS)!;
    expect(tshirts).toMatchObject({ path: ['Clothing', 'T-shirts'], isLeaf: true });
    expect(categories.find((c) => c.name === 'Clothing')!.isLeaf).toBe(false);
    const attrs = await client.categoryAttributes(T_SHIRTS);
    expect(attrs.find((a) => a.key === 'SIZE')).toMatchObject({ isRequired: true, isVariant: true });
    expect(attrs.find((a) => a.key === 'ESTIMATED_SHIPPING_DURATION')!.isOffer).toBe(true);
    await client.categories();
    expect(client.counters().requests.categories).toBe(2);
    await client.close();
  });
});
