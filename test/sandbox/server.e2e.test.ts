import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { type Json, makeSandbox, manualClock, TOKEN, tshirt } from './helpers.js';

const body = async (response: Response | Promise<Response>): Promise<Json> => (await response).json();

const auth = { authorization: TOKEN, 'content-type': 'application/json' };
const servers: SandboxServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof makeSandbox>[0] = {}, separateFilesOrigin = false) {
  const clock = manualClock();
  const sandbox = makeSandbox({ now: clock.now, ...options });
  const server = await startSandboxServer(sandbox, { port: 0, separateFilesOrigin });
  servers.push(server);
  return { clock, sandbox, server, origin: server.url.replace(/\/api$/, '') };
}

describe('startSandboxServer over loopback', () => {
  it('serves the API on 127.0.0.1 with absolute links to itself', async () => {
    const { sandbox, server } = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    sandbox.seed({ products: [tshirt('S-1'), tshirt('S-2'), tshirt('S-3')] });
    const response = await fetch(`${server.url}/i2/products/?limit=2`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const page = await body(response);
    expect(page.next).toBe(`${server.url}/i2/products/?limit=2&page=2`);
    expect((await fetch(`${server.url}/i2/products/`)).status).toBe(401);
  });

  it('accepts writes with a body and exposes state, mutate, seed, log and reset under /__sandbox/', async () => {
    const { clock, server, origin } = await serve();
    const write = await fetch(`${server.url}/i2/products/`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify([tshirt('W-1')]),
    });
    expect(write.status).toBe(202);
    clock.advance(60_000);
    const state = await body(fetch(`${origin}/__sandbox/state`));
    expect(state.products.map((p: { sku: string; approved: boolean }) => [p.sku, p.approved])).toEqual([['W-1', true]]);

    const mutated = await fetch(`${origin}/__sandbox/mutate`, {
      method: 'POST',
      body: JSON.stringify({ sku: 'W-1', changes: { name: 'Changed elsewhere', price: '12.5' } }),
    });
    expect(await body(mutated)).toMatchObject({ name: 'Changed elsewhere', price: '12.50' });
    const missing = await fetch(`${origin}/__sandbox/mutate`, { method: 'POST', body: '{"sku":"NOPE","changes":{}}' });
    expect(missing.status).toBe(404);

    const seeded = await fetch(`${origin}/__sandbox/seed`, {
      method: 'POST',
      body: JSON.stringify({ products: [tshirt('SEED-1'), tshirt('SEED-2', 'Teal')], validate: true }),
    });
    expect(await body(seeded)).toMatchObject({ seeded: 1, skipped: [{ sku: 'SEED-2' }] });

    const log = await body(fetch(`${origin}/__sandbox/log`));
    expect(log).toEqual([expect.objectContaining({ method: 'POST', path: '/api/i2/products/', status: 202 })]);

    expect((await fetch(`${origin}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect((await body(fetch(`${origin}/__sandbox/state`))).products).toEqual([]);
  });

  it('drops the connection for an injected drop fault', async () => {
    const { server } = await serve({ faults: { rateDrop: 1 } });
    await expect(fetch(`${server.url}/i2/products/`, { headers: auth })).rejects.toThrow(TypeError);
  });

  it('serves batch files from a second origin, where no token is sent or needed', async () => {
    const { clock, sandbox, server } = await serve({}, true);
    expect(server.filesOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.filesOrigin).not.toBe(new URL(server.url).origin);
    const accepted = await body(
      fetch(`${server.url}/i2/products/`, { method: 'POST', headers: auth, body: JSON.stringify([tshirt('E-1', 'Teal')]) }),
    );
    clock.advance(60_000);
    const batch = await body(fetch(`${server.url}/i2/products/batch-requests/${accepted.id}`, { headers: auth }));
    expect(batch.error_file.startsWith(`${server.filesOrigin}/files/`)).toBe(true);
    const errors = await body(fetch(batch.error_file));
    expect(errors[0].errors).toEqual([{ attributes: '"Teal" is not a valid choice for COLOR.' }]);
    expect(sandbox.requestLog().at(-1)).toMatchObject({ status: 200, authorization: false });
  });

  it('stops listening on close', async () => {
    const { server } = await serve();
    await server.close();
    await expect(fetch(`${server.url}/i2/products/`, { headers: auth })).rejects.toThrow();
  });
});
