/**
 * `import --force` replaces an earlier import: files it wrote before and no longer writes (a
 * category emptied remotely, feeds after switching layout) are removed; hand-written files stay.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import { createSandbox, type SeedProduct, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from './io.js';
import { remoteFixture, SNEAKERS } from './remote-fixture.js';

const TOKEN = 'stale-files-token';
const SETTINGS = `scope:
  sku_prefixes: ["RT-"]
seller_center:
  rate_limits: {products: 1000/s, categories: 1000/s}
`;
/** A hand-written file (no import marker) the import must never remove. */
const HAND_WRITTEN = `# Kept by hand: products added here later.
products: []
`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shelf-stale-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function withSandbox<T>(products: SeedProduct[], run: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const sandbox = createSandbox({ token: TOKEN, rateLimits: { products: null, categories: null } });
  sandbox.seed({ products });
  const server = await startSandboxServer(sandbox, { port: 0 });
  try {
    return await run({ SHELF_URL: server.url, SHELF_TOKEN: TOKEN });
  } finally {
    await server.close();
  }
}

async function importInto(dir: string, env: NodeJS.ProcessEnv, opts: { feeds?: boolean; force?: boolean; category?: string[] } = {}) {
  const io = bufferedIO(work, env);
  const code = await runImport({ dir, skuPrefix: [], category: opts.category ?? [], feeds: opts.feeds ?? false, force: opts.force ?? false }, io);
  return { code, out: io.out(), err: io.err() };
}

async function planSummary(dir: string, env: NodeJS.ProcessEnv) {
  const prepared = await preparePlan(dir, { targets: [] }, runContextOf(bufferedIO(work, env)));
  await prepared.client?.close();
  expect(prepared.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return prepared.plan?.summary;
}

const withoutSneakers = () => remoteFixture().filter((p) => p.category !== SNEAKERS);

describe('import --force removes the files of an earlier import it no longer writes', () => {
  it('removes the file of a category that lost all its products, keeping hand-written files', async () => {
    const dir = await mkdtemp(join(work, 'category-'));
    await writeFile(join(dir, 'shelf.yaml'), SETTINGS);
    await withSandbox(remoteFixture(), async (env) => {
      expect((await importInto(dir, env)).code).toBe(0);
    });
    expect(await readdir(join(dir, 'catalog'))).toContain('shoes-sneakers.yaml');
    await writeFile(join(dir, 'catalog', 'hand.yaml'), HAND_WRITTEN);

    await withSandbox(withoutSneakers(), async (env) => {
      const again = await importInto(dir, env, { force: true });
      expect(again.err).toBe('');
      expect(again.code).toBe(0);
      expect(again.out).toContain('removed catalog/shoes-sneakers.yaml (no products in that category any more)');
      expect(again.out).toContain('Checked: `shelf plan` on these files reports no changes.');
      expect((await readdir(join(dir, 'catalog'))).sort()).toEqual(['clothing-hoodies.yaml', 'clothing-t-shirts.yaml', 'hand.yaml']);
      const remaining = withoutSneakers().filter((p) => p.sku.startsWith('RT-')).length;
      expect(await planSummary(dir, env)).toEqual({ add: 0, change: 0, destroy: 0, unchanged: remaining });
    });
  });

  it('without --force removes nothing, and a narrower --category import leaves other imported files', async () => {
    const dir = await mkdtemp(join(work, 'narrow-'));
    await writeFile(join(dir, 'shelf.yaml'), SETTINGS);
    await withSandbox(remoteFixture(), async (env) => {
      expect((await importInto(dir, env)).code).toBe(0);
    });
    await withSandbox(withoutSneakers(), async (env) => {
      const refused = await importInto(dir, env);
      expect(refused.code).toBe(1);
      expect(await readdir(join(dir, 'catalog'))).toContain('shoes-sneakers.yaml');
      const hoodies = remoteFixture().find((p) => p.sku.startsWith('RT-CAFE'))!.category;
      const narrow = await importInto(dir, env, { force: true, category: [hoodies] });
      expect(narrow.code).toBe(0);
      expect(narrow.out).not.toContain('removed');
      expect((await readdir(join(dir, 'catalog'))).sort()).toEqual(['clothing-hoodies.yaml', 'clothing-t-shirts.yaml', 'shoes-sneakers.yaml']);
    });
  });

  it('switching from inline prices to --feeds and back leaves no stale feed files', async () => {
    const dir = await mkdtemp(join(work, 'feeds-'));
    await writeFile(join(dir, 'shelf.yaml'), SETTINGS);
    await withSandbox(remoteFixture(), async (env) => {
      expect((await importInto(dir, env)).code).toBe(0);
      const toFeeds = await importInto(dir, env, { force: true, feeds: true });
      expect(toFeeds.code).toBe(0);
      expect(toFeeds.out).toContain('reports no changes');
      expect((await readdir(join(dir, 'catalog'))).sort()).toEqual([
        'clothing-hoodies.yaml',
        'clothing-t-shirts.yaml',
        'prices.yaml',
        'shoes-sneakers.yaml',
        'stocks.yaml',
      ]);

      const back = await importInto(dir, env, { force: true });
      expect(back.err).toBe('');
      expect(back.code).toBe(0);
      expect(back.out).toContain('removed catalog/prices.yaml (prices are written inline without --feeds)');
      expect(back.out).toContain('removed catalog/stocks.yaml (stocks are written inline without --feeds)');
      expect(back.out).toContain('reports no changes');
      expect((await readdir(join(dir, 'catalog'))).sort()).toEqual(['clothing-hoodies.yaml', 'clothing-t-shirts.yaml', 'shoes-sneakers.yaml']);
      expect(await planSummary(dir, env)).toEqual({ add: 0, change: 0, destroy: 0, unchanged: 26 });
    });
  });
});
