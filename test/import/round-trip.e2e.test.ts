/**
 * The import guarantee: `shelf import` then `shelf plan` reports no changes, on the sandbox over
 * loopback, whatever variant of the API the sandbox emulates; and a re-import changes no byte.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import { createSandbox, type SandboxVariants, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from './io.js';
import { HOODIES, remoteFixture } from './remote-fixture.js';

const TOKEN = 'round-trip-token';
const SETTINGS = `scope:
  sku_prefixes: ["RT-"]
seller_center:
  rate_limits: {products: 1000/s, categories: 1000/s}
`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shelf-import-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function withSandbox<T>(variants: Partial<SandboxVariants>, run: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const sandbox = createSandbox({ token: TOKEN, variants, rateLimits: { products: null, categories: null } });
  sandbox.seed({ products: remoteFixture() });
  const server = await startSandboxServer(sandbox, { port: 0 });
  try {
    return await run({ SHELF_URL: server.url, SHELF_TOKEN: TOKEN });
  } finally {
    await server.close();
  }
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await readdir(join(dir, 'catalog'));
  const out: Record<string, string> = {};
  for (const f of files.sort()) out[f] = await readFile(join(dir, 'catalog', f), 'utf8');
  return out;
}

async function planOf(dir: string, env: NodeJS.ProcessEnv) {
  const prepared = await preparePlan(dir, { targets: [] }, runContextOf(bufferedIO(work, env)));
  await prepared.client?.close();
  return prepared;
}

const CASES: { name: string; variants: Partial<SandboxVariants>; feeds: boolean }[] = [
  { name: 'inline prices and stocks', variants: {}, feeds: false },
  { name: 'price and stock feeds', variants: {}, feeds: true },
  { name: 'listings without offer fields', variants: { offerFieldsInList: false }, feeds: false },
  { name: 'short pages, extra fields and unknown enum values', variants: { pageSizeCap: 7, extraFields: true, unknownEnumValues: true }, feeds: true },
];

describe('import then plan', () => {
  for (const c of CASES) {
    it(`reports no changes: ${c.name}`, async () => {
      const dir = await mkdtemp(join(work, 'repo-'));
      await writeFile(join(dir, 'shelf.yaml'), SETTINGS);
      await withSandbox(c.variants, async (env) => {
        const io = bufferedIO(work, env);
        const code = await runImport({ dir, skuPrefix: [], category: [], feeds: c.feeds }, io);
        expect(io.err()).toBe('');
        expect(code).toBe(0);
        expect(io.out()).toContain('Imported 26 SKUs (3 families, 2 single products)');
        expect(io.out()).toContain('reports no changes');

        const prepared = await planOf(dir, env);
        expect(prepared.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(prepared.plan?.summary).toEqual({ add: 0, change: 0, destroy: 0, unchanged: 26 });
        expect(prepared.catalog?.products.has('OTHER-1')).toBe(false);
        if (c.variants.offerFieldsInList !== false) {
          expect(prepared.catalog?.products.get('RT-CAFE-WH-M')).toMatchObject({ price: '459.90', stock: 3 });
        }

        const files = await snapshot(dir);
        expect(Object.keys(files)).toEqual(
          c.feeds
            ? ['clothing-hoodies.yaml', 'clothing-t-shirts.yaml', 'prices.yaml', 'shoes-sneakers.yaml', 'stocks.yaml']
            : ['clothing-hoodies.yaml', 'clothing-t-shirts.yaml', 'shoes-sneakers.yaml'],
        );

        // Without --force nothing is overwritten; with it, a re-import gives byte-identical files.
        const refused = bufferedIO(work, env);
        expect(await runImport({ dir, skuPrefix: [], category: [], feeds: c.feeds }, refused)).toBe(1);
        expect(refused.err()).toContain('--force');
        expect(await runImport({ dir, skuPrefix: [], category: [], feeds: c.feeds, force: true }, bufferedIO(work, env))).toBe(0);
        expect(await snapshot(dir)).toEqual(files);
      });
    });
  }

  it('writes a shelf.yaml holding the scope it read when the repository has none', async () => {
    const dir = await mkdtemp(join(work, 'bare-'));
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: ['RT-STRASSE-'], category: [] }, io)).toBe(0);
      expect(io.out()).toContain('Imported 9 SKUs (1 family, 0 single products)');
      expect(await readFile(join(dir, 'shelf.yaml'), 'utf8')).toMatch(/sku_prefixes:\s*\n\s*- RT-STRASSE-/);
      const prepared = await planOf(dir, env);
      expect(prepared.plan?.summary).toEqual({ add: 0, change: 0, destroy: 0, unchanged: 9 });
    });
  });

  it('imports one category with --category, into the directory of the files glob', async () => {
    const dir = await mkdtemp(join(work, 'category-'));
    await writeFile(join(dir, 'shelf.yaml'), 'files: ["products/**/*.yaml"]\nseller_center:\n  rate_limits: {products: 1000/s}\n');
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: [], category: [HOODIES] }, io)).toBe(0);
      expect(io.out()).toContain('products/clothing-hoodies.yaml  4 SKUs');
      expect(io.err()).toContain('scope given on the command line differs'); // shelf.yaml has no scope
      expect(await readdir(join(dir, 'products'))).toEqual(['clothing-hoodies.yaml']);
    });
  });

  it('--category with an id Seller Center does not have: "no such category", exit 1, nothing written', async () => {
    const dir = await mkdtemp(join(work, 'no-such-category-'));
    const missing = '0badc0de-0000-4000-8000-000000000000';
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: [], category: [missing] }, io)).toBe(1);
      expect(io.err()).toContain(`--category ${missing}: Seller Center has no such category`);
      expect(io.err()).not.toContain('no products in the scope');
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('a mistyped --category is told the id it probably meant', async () => {
    const dir = await mkdtemp(join(work, 'typo-category-'));
    const typo = `${HOODIES.slice(0, -1)}0`;
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: [], category: [typo] }, io)).toBe(1);
      expect(io.err()).toContain(`Did you mean ${HOODIES}`);
    });
  });

  it('warns when the scope holds nothing', async () => {
    const dir = await mkdtemp(join(work, 'empty-'));
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, env);
      expect(await runImport({ dir, skuPrefix: ['NOPE-'], category: [] }, io)).toBe(0);
      expect(io.err()).toContain('no products in the scope');
      expect(await readdir(dir)).toEqual(['shelf.yaml']);
    });
  });

  it('reports a refused token as a diagnostic and writes nothing', async () => {
    const dir = await mkdtemp(join(work, 'bad-token-'));
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, { ...env, SHELF_TOKEN: 'Token revoked-key-0123456789' });
      expect(await runImport({ dir, skuPrefix: [], category: [] }, io)).toBe(1);
      expect(io.err()).toContain('401');
      expect(io.err()).not.toContain(TOKEN);
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('refuses without a token, naming what to set, and writes nothing', async () => {
    const dir = await mkdtemp(join(work, 'no-token-'));
    await withSandbox({}, async (env) => {
      const io = bufferedIO(work, { SHELF_URL: env.SHELF_URL });
      expect(await runImport({ dir, skuPrefix: [], category: [] }, io)).toBe(1);
      expect(io.err()).toContain('SHELF_TOKEN');
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
