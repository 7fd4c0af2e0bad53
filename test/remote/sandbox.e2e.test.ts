/**
 * End to end over loopback HTTP: the real client (undici Agent, quotas, retries) against the
 * sandbox server in scaled time, with faults switched on and the less friendly API variants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { createClient } from '../../src/remote/client.js';
import type { SellerCenterClient } from '../../src/remote/types.js';
import { createSandbox, type Sandbox, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { collect, HOODIES, liftedLimits, T_SHIRTS, TOKEN } from './helpers.js';

const SCALE = 200;
const PRODUCTS_QUOTA: RateLimit = { requests: 10, windowMs: 60_000 / SCALE };

let sandbox: Sandbox;
let server: SandboxServer;
let client: SellerCenterClient;
const debug: string[] = [];

const tee = (sku: string, color: string, size: string) => ({
  sku,
  name: `Tee ${sku}`,
  base_code: 'E2E-TEE',
  category: T_SHIRTS,
  attributes: { COLOR: color, SIZE: size },
});

beforeAll(async () => {
  sandbox = createSandbox({
    token: TOKEN,
    timeScale: SCALE,
    // Unapproved products stay so for the whole test (an hour, scaled), so the listing can be checked.
    approvalDelayMs: 3_600_000,
    variants: { statusFormat: 'numbers', writeResponse: 'batch_request_id', pageSizeCap: 7, extraFields: true },
    faults: { rate429: 0.08, rate5xx: 0.08, rateDrop: 0.05, rateSlow: 0.1, slowMs: 20, rateMalformed: 0.08, seed: 5 },
  });
  const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
  sandbox.seed({
    products: Array.from({ length: 30 }, (_, i) => ({
      ...tee(`E2E-${String(i).padStart(2, '0')}`, i % 2 ? 'Red' : 'Black', sizes[i % 6]!),
      price: '100.00',
      stock: i,
      approved: i >= 3,
    })),
  });
  server = await startSandboxServer(sandbox, { port: 0, separateFilesOrigin: true });
  client = createClient(
    { baseUrl: server.url, token: TOKEN },
    {
      rateLimits: { ...liftedLimits(), products: PRODUCTS_QUOTA },
      timeScale: SCALE,
      debug: (line) => debug.push(line),
    },
  );
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('client ⇄ sandbox over loopback with faults', () => {
  it('reads every product through capped pages, approved or not', async () => {
    const products = await collect(client.listProducts());
    expect(products).toHaveLength(30);
    expect(new Set(products.map((p) => p.sku)).size).toBe(30);
    expect(products.find((p) => p.sku === 'E2E-07')).toMatchObject({ price: '100.00', stock: 7, category: T_SHIRTS });
    expect(products.filter((p) => p.approved === false).map((p) => p.sku)).toEqual(['E2E-00', 'E2E-01', 'E2E-02']);
  });

  it('creates products, reports the one rejected record, then writes stocks and reads them back', async () => {
    const created = [tee('E2E-NEW-1', 'Blue', 'S'), tee('E2E-NEW-2', 'Blue', 'M'), tee('E2E-NEW-3', 'Teal', 'L')];
    const id = await client.submit('products', created);
    const result = await client.waitForBatch(id, 'products', created.map((p) => p.sku));
    expect(result.state).toBe('partially_succeeded');
    expect(result.problem).toBeUndefined();
    expect(result.failures.map((f) => f.sku)).toEqual(['E2E-NEW-3']);
    expect(result.failures[0]!.messages.join(' ')).toContain('COLOR');

    const stocks = [
      { sku: 'E2E-NEW-1', stock: 11 },
      { sku: 'E2E-05', stock: 55 },
      { sku: 'E2E-MISSING', stock: 1 },
    ];
    const stockId = await client.submit('stocks', stocks);
    const stockResult = await client.waitForBatch(stockId, 'stocks', stocks.map((s) => s.sku));
    expect(stockResult.failures.map((f) => [f.sku, f.messages])).toEqual([
      ['E2E-MISSING', ['sku: A product with the given SKU is not found.']],
    ]);

    const after = new Map((await collect(client.listProducts())).map((p) => [p.sku, p]));
    expect(after.size).toBe(32);
    expect(after.get('E2E-NEW-1')!.stock).toBe(11);
    expect(after.get('E2E-05')!.stock).toBe(55);
    expect(after.has('E2E-NEW-3')).toBe(false);
  });

  it('categories come through the same faults', async () => {
    const categories = await client.categories();
    expect(categories.find((c) => c.id === HOODIES)?.path).toEqual(['Clothing', 'Hoodies']);
  });

  it('the faults were met and survived; the quota was never exceeded by shelf; the key stayed home', () => {
    const log = sandbox.requestLog();
    const faults = log.filter((e) => e.fault && e.fault !== 'slow');
    expect(faults.length).toBeGreaterThan(0);
    const counters = client.counters();
    expect(counters.retried).toBeGreaterThanOrEqual(faults.length);
    // Every 429 the sandbox gave was an injected fault, none came from its rolling window.
    expect(log.filter((e) => e.throttled && e.fault !== 'throttle')).toEqual([]);
    const files = log.filter((e) => e.path.startsWith('/files/'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((e) => !e.authorization)).toBe(true);
    expect(log.filter((e) => e.path.startsWith('/api/')).every((e) => e.authorization)).toBe(true);
    expect(debug.join('\n')).not.toContain(TOKEN);
  });
});
