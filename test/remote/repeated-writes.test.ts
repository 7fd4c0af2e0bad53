/**
 * A write whose answer is lost after the API carried it out is sent again. Because every write
 * is keyed by SKU the second leaves the same state as the first: no duplicate products, and a
 * repeated delete's "not found" is recognised as the first attempt's work.
 */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { makeClient, ORIGIN, T_SHIRTS, TOKEN } from './helpers.js';

let sandbox: Sandbox;
let losses = 0;
/** The sandbox carries out the first `losses` writes, but their answers never arrive. */
const server = setupServer(
  http.all(`${ORIGIN}/*`, async ({ request }) => {
    const response = await sandbox.handle(request);
    if (request.method !== 'GET' && losses > 0) {
      losses -= 1;
      return Response.error();
    }
    return response;
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tee = (sku: string, size: string) => ({
  sku,
  name: sku,
  base_code: 'LOST',
  category: T_SHIRTS,
  attributes: { COLOR: 'Red', SIZE: size },
});

describe('writes repeated after a lost answer', () => {
  it('an upsert carried out twice leaves one product per SKU', async () => {
    sandbox = createSandbox({ token: TOKEN, timeScale: 1000 });
    losses = 1;
    const { client } = makeClient();
    const items = [tee('LOST-S', 'S'), tee('LOST-M', 'M')];
    const id = await client.submit('products', items);
    const result = await client.waitForBatch(id, 'products', ['LOST-S', 'LOST-M']);
    expect(result.state).toBe('succeeded');
    const state = sandbox.dumpState();
    expect(state.batches).toHaveLength(2);
    expect(state.products.map((p) => p.sku).sort()).toEqual(['LOST-M', 'LOST-S']);
    expect(client.counters().retried).toBe(1);
    await client.close();
  });

  it('a delete carried out twice is reported as done, not as "not found"', async () => {
    sandbox = createSandbox({ token: TOKEN, timeScale: 1000 });
    sandbox.seed({ products: [tee('GONE-1', 'S'), tee('GONE-2', 'M'), tee('KEEP', 'L')] });
    losses = 1;
    const { client, warnings } = makeClient();
    const id = await client.submit('delete', [{ sku: 'GONE-1' }, { sku: 'GONE-2' }]);
    const result = await client.waitForBatch(id, 'delete', ['GONE-1', 'GONE-2']);
    expect(sandbox.dumpState().batches).toHaveLength(2);
    expect(result.failures).toEqual([]);
    expect(result.state).toBe('succeeded');
    expect(warnings.join('\n')).toContain('2 SKU(s) were already deleted');
    expect(sandbox.dumpState().products.map((p) => p.sku)).toEqual(['KEEP']);
    await client.close();
  });

  it('a delete sent once still reports a SKU that was never there', async () => {
    sandbox = createSandbox({ token: TOKEN, timeScale: 1000 });
    losses = 0;
    const { client } = makeClient();
    const id = await client.submit('delete', [{ sku: 'NEVER' }]);
    const result = await client.waitForBatch(id, 'delete', ['NEVER']);
    expect(result.failures.map((f) => f.sku)).toEqual(['NEVER']);
    await client.close();
  });
});
