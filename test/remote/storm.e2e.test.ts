/**
 * The client over loopback against the sandbox's storm (30 % 429, 10 % 5xx, 3 % dropped
 * connections, half of them after the work), for 20 seeds: every listing is read completely,
 * and every batch is followed to its real end — no read gives up, no poll ends a wait. Quotas
 * are scaled 200 times; the outage bound is the default one (nothing here is an outage).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimit } from '../../src/model/settings.js';
import { createClient } from '../../src/remote/client.js';
import type { SellerCenterClient } from '../../src/remote/types.js';
import { createSandbox, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { parseSandboxSpec } from '../../src/sandbox/spec.js';
import { collect, liftedLimits, T_SHIRTS, TOKEN } from './helpers.js';

const SCALE = 200;
const lifted: RateLimit = { requests: 100_000, windowMs: 60_000 / SCALE };
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Faults the sandbox drew across all seeds (a single seed may draw none on a short run). */
let faultsDrawn = 0;
let server: SandboxServer | undefined;
let client: SellerCenterClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const tee = (i: number) => ({
  sku: `STORM-${String(i).padStart(3, '0')}`,
  name: `Tee ${i}`,
  base_code: 'STORM',
  category: T_SHIRTS,
  attributes: { COLOR: 'Red', SIZE: 'M' },
  price: '10.00',
  stock: i,
});

describe('the storm, 20 seeds', () => {
  it.each(SEEDS)('seed %i: a paged listing is read whole and a batch is followed to its end', async (seed) => {
    const spec = parseSandboxSpec(`storm,seed=${seed},page-cap=40`);
    const sandbox = createSandbox({
      token: TOKEN,
      timeScale: SCALE,
      approvalDelayMs: 0,
      rateLimits: { products: null, categories: null },
      faults: spec.faults,
      variants: spec.variants,
    });
    sandbox.seed({ products: Array.from({ length: 120 }, (_, i) => ({ ...tee(i), approved: true })) });
    server = await startSandboxServer(sandbox, { port: 0 });
    client = createClient(
      { baseUrl: server.url, token: TOKEN },
      { rateLimits: { ...liftedLimits(), products: lifted, categories: lifted }, timeScale: SCALE },
    );
    const listed = await collect(client.listProducts({ approved: true }));
    expect(listed.map((p) => p.sku).sort()).toEqual(Array.from({ length: 120 }, (_, i) => tee(i).sku));

    const id = await client.submit('stocks', [{ sku: tee(1).sku, stock: 99 }]);
    const result = await client.waitForBatch(id, 'stocks', [tee(1).sku]);
    expect(result.state).toBe('succeeded');
    faultsDrawn += sandbox.requestLog().filter((e) => e.fault).length;
  });

  it('the seeds above met the storm', () => {
    expect(faultsDrawn).toBeGreaterThan(SEEDS.length);
  });
});
