/**
 * The bundled examples are real catalog repositories: each loads without a diagnostic, plans
 * against the sandbox, and only the one record meant to be rejected (fashion's Teal variant)
 * is refused, by the plan's pre-flight as by the API's own validation.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { packageFile } from '../../src/package-info.js';
import { runContextOf } from '../../src/commands/run-context.js';
import { preparePlan } from '../../src/pipeline/plan-run.js';
import { createSandbox, type Sandbox, startSandboxServer } from '../../src/sandbox/index.js';
import { seedFromCatalog } from '../../src/sandbox/seed-from-catalog.js';
import { bufferedIO } from '../import/io.js';

const TOKEN = 'examples-token-0123456789';
const EXAMPLES = [
  { name: 'basic', skus: 5 },
  { name: 'fashion', skus: 25 },
  { name: 'erp-feed', skus: 123 },
] as const;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function sandboxEnv(sandbox: Sandbox): Promise<NodeJS.ProcessEnv> {
  const server = await startSandboxServer(sandbox, { port: 0 });
  servers.push(server);
  return { SHELF_URL: server.url, SHELF_TOKEN: TOKEN };
}

async function plan(dir: string, env: NodeJS.ProcessEnv) {
  const prepared = await preparePlan(dir, { targets: [] }, runContextOf(bufferedIO(dir, env)));
  await prepared.client?.close();
  return prepared;
}

describe.each(EXAMPLES)('examples/$name', ({ name, skus }) => {
  const dir = packageFile('examples', name);

  it('loads without a single diagnostic, and every catalog file carries a working schema hint', async () => {
    const catalog = await loadCatalog(dir);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.products.size).toBe(skus);
    for (const file of await readdir(join(dir, 'catalog'))) {
      const text = await readFile(join(dir, 'catalog', file), 'utf8');
      const hint = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];
      expect(hint, file).toBeDefined();
      expect(resolve(dir, 'catalog', hint as string)).toBe(packageFile('schemas', 'catalog.schema.json'));
    }
  });

  it('plans against an empty sandbox: every SKU is a create, refused only for the Teal variant', async () => {
    const env = await sandboxEnv(createSandbox({ token: TOKEN }));
    const prepared = await plan(dir, env);
    const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
    if (name === 'fashion') {
      expect(errors.map((d) => [d.code, d.sku, `${d.source?.file}:${d.source?.line}`])).toEqual([
        ['attribute-value-not-allowed', 'AKN-OCEAN-TL-M', 'catalog/t-shirts.yaml:47'],
      ]);
    } else expect(errors).toEqual([]);
    expect(prepared.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
    expect(prepared.plan?.summary).toEqual({ add: skus, change: 0, destroy: 0, unchanged: 0 });
  });

  it("passes the API's validation except for the one record meant to fail, then plans only that create", async () => {
    const sandbox = createSandbox({ token: TOKEN });
    const seeded = await seedFromCatalog(sandbox, dir);
    const rejected = name === 'fashion' ? ['AKN-OCEAN-TL-M'] : [];
    expect(seeded.skipped.map((s) => s.sku)).toEqual(rejected);
    if (name === 'fashion') expect(JSON.stringify(seeded.skipped[0]?.errors)).toMatch(/Teal/);

    const prepared = await plan(dir, await sandboxEnv(sandbox));
    expect(prepared.diagnostics.filter((d) => d.severity === 'error').map((d) => d.sku)).toEqual(rejected);
    expect(prepared.plan?.changes.map((c) => `${c.action} ${c.sku}`)).toEqual(rejected.map((sku) => `create ${sku}`));
    expect(prepared.plan?.summary.unchanged).toBe(skus - rejected.length);
  });
});

describe('examples/fashion', () => {
  it('has families, feeds, inline offers and unicode names', async () => {
    const catalog = await loadCatalog(packageFile('examples', 'fashion'));
    const cafe = catalog.products.get('AKN-CAFE-WH-M');
    expect(cafe).toMatchObject({ name: 'Café Crème Hoodie', price: '459.90', stock: 9 });
    expect(cafe?.fieldSources.price?.file).toBe('catalog/prices.yaml');
    expect(catalog.products.get('AKN-TSHRT-BK-XL')).toMatchObject({ price: '209.90', retail_price: '249.90', stock: 3 });
    expect(catalog.products.get('AKN-LINEN-WH-M')?.name).toBe('Linen Tee — Édition Été');
    expect(catalog.settings).toMatchObject({ prune: true, protect: ['AKN-HERO-*'], scope: { skuPrefixes: ['AKN-'] } });
  });
});
