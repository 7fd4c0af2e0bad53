import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInit } from '../../src/commands/init.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { packageFile } from '../../src/package-info.js';
import { bufferedIO } from './io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shelf-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shelf init', () => {
  it('scaffolds settings, an example catalog with a working schema hint, .gitignore and both CI files', async () => {
    const io = bufferedIO(dir);
    expect(await runInit({ dir: 'repo' }, io)).toBe(0);
    const root = join(dir, 'repo');

    const settings = await readFile(join(root, 'shelf.yaml'), 'utf8');
    expect(settings).toMatch(/^# /m); // commented
    expect(parse(settings)).toMatchObject({ prune: false, max_destroy: '10%', scope: { sku_prefixes: [] } });

    const example = await readFile(join(root, 'catalog/example.yaml'), 'utf8');
    const hint = /^# yaml-language-server: \$schema=(.+)$/m.exec(example)?.[1];
    expect(hint).toBeDefined();
    // The hint points inside the repository (it survives clones and CI), at a copy of shelf's schema.
    expect(hint).toBe('../schemas/catalog.schema.json');
    expect(await readFile(resolve(root, 'catalog', hint as string), 'utf8')).toBe(
      await readFile(packageFile('schemas', 'catalog.schema.json'), 'utf8'),
    );
    const doc = parse(example) as { products: { price: unknown }[]; families: unknown[] };
    expect(doc.products[0]?.price).toBe('199.90'); // quoted decimal, not a float
    expect(doc.families).toHaveLength(1);

    expect(await readFile(join(root, '.gitignore'), 'utf8')).toMatch(/^\.shelf\/$/m);
    expect(await readFile(join(root, '.github/workflows/shelf.yml'), 'utf8')).toBe(
      await readFile(packageFile('examples/ci/github-actions.yml'), 'utf8'),
    );
    expect(await readFile(join(root, '.gitlab-ci.yml'), 'utf8')).toBe(
      await readFile(packageFile('examples/ci/gitlab-ci.yml'), 'utf8'),
    );
    expect(io.out()).toContain('shelf.yaml');
    const settingsHint = /^# yaml-language-server: \$schema=(.+)$/m.exec(settings)?.[1];
    expect(settingsHint).toBe('schemas/shelf.schema.json');
    expect(await readFile(resolve(root, settingsHint as string), 'utf8')).toBe(
      await readFile(packageFile('schemas', 'shelf.schema.json'), 'utf8'),
    );
  });

  it('scaffolds a repository the catalog loader accepts without a single diagnostic', async () => {
    expect(await runInit({ dir: '.' }, bufferedIO(dir))).toBe(0);
    const catalog = await loadCatalog(dir);
    expect(catalog.diagnostics).toEqual([]);
    expect([...catalog.products.keys()].sort()).toEqual(['EXAMPLE-HOODIE-BK-M', 'EXAMPLE-HOODIE-BK-S', 'EXAMPLE-TSHRT-RD-M']);
    expect(catalog.products.get('EXAMPLE-HOODIE-BK-M')).toMatchObject({ price: '479.00', stock: 0, attributes: { COLOR: 'Black', SIZE: 'M' } });
  });

  it('refuses to overwrite without --force and writes nothing; --force overwrites', async () => {
    await writeFile(join(dir, 'shelf.yaml'), 'prune: true\n');
    const io = bufferedIO(dir);
    expect(await runInit({ dir: '.' }, io)).toBe(1);
    expect(io.err()).toContain('shelf.yaml');
    expect(io.err()).toContain('--force');
    expect(await readFile(join(dir, 'shelf.yaml'), 'utf8')).toBe('prune: true\n');
    expect(existsSync(join(dir, 'catalog/example.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);

    expect(await runInit({ dir: '.', force: true }, bufferedIO(dir))).toBe(0);
    expect(await readFile(join(dir, 'shelf.yaml'), 'utf8')).toContain('max_destroy: 10%');
  });

  it('keeps an existing .gitignore and adds .shelf/ only once', async () => {
    await writeFile(join(dir, '.gitignore'), 'node_modules/');
    expect(await runInit({ dir: '.' }, bufferedIO(dir))).toBe(0);
    expect(await runInit({ dir: '.', force: true }, bufferedIO(dir))).toBe(0);
    const ignore = await readFile(join(dir, '.gitignore'), 'utf8');
    expect(ignore.startsWith('node_modules/\n')).toBe(true);
    expect(ignore.match(/^\.shelf\/$/gm)).toHaveLength(1);
  });
});
