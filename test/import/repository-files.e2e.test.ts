/**
 * What `import` leaves is safe to commit as it is: `.shelf/` ignored by git, and schema hints that
 * point inside the repository (so they work after a clone and in CI), refreshed by `init --schemas`.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import { runInit } from '../../src/commands/init.js';
import { packageFile } from '../../src/package-info.js';
import { createSandbox, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from './io.js';
import { remoteFixture } from './remote-fixture.js';

const TOKEN = 'repository-files-test-token';
const hintOf = (text: string) => /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];

describe('a repository written by import', () => {
  it('ignores .shelf/ in git and points its schema hints at copies inside the repository', async () => {
    const sandbox = createSandbox({ token: TOKEN, rateLimits: { products: null, categories: null } });
    sandbox.seed({ products: remoteFixture() });
    const server = await startSandboxServer(sandbox, { port: 0 });
    const root = await mkdtemp(join(tmpdir(), 'shelf-import-files-'));
    try {
      const io = bufferedIO(root, { SHELF_URL: server.url, SHELF_TOKEN: TOKEN });
      expect(await runImport({ dir: '.', skuPrefix: [], category: [] }, io)).toBe(0);
      expect(await readFile(join(root, '.gitignore'), 'utf8')).toMatch(/^\.shelf\/$/m);
      expect(io.out()).toContain('.gitignore');

      const settingsHint = hintOf(await readFile(join(root, 'shelf.yaml'), 'utf8'));
      expect(settingsHint).toBe('schemas/shelf.schema.json');
      const first = (await readdir(join(root, 'catalog')))[0]!;
      const catalogHint = hintOf(await readFile(join(root, 'catalog', first), 'utf8'));
      expect(catalogHint).toBe('../schemas/catalog.schema.json');
      for (const [from, hint, name] of [
        [root, settingsHint, 'shelf.schema.json'],
        [join(root, 'catalog'), catalogHint, 'catalog.schema.json'],
      ] as const) {
        expect(await readFile(resolve(from, hint!), 'utf8')).toBe(await readFile(packageFile('schemas', name), 'utf8'));
      }

      // An outdated copy (shelf was upgraded) is refreshed by `init --schemas`, and nothing else is touched.
      await writeFile(join(root, 'schemas', 'catalog.schema.json'), '{}\n');
      const settingsBefore = await readFile(join(root, 'shelf.yaml'), 'utf8');
      const refresh = bufferedIO(root);
      expect(await runInit({ dir: '.', schemas: true }, refresh)).toBe(0);
      expect(await readFile(join(root, 'schemas', 'catalog.schema.json'), 'utf8')).toBe(
        await readFile(packageFile('schemas', 'catalog.schema.json'), 'utf8'),
      );
      expect(await readFile(join(root, 'shelf.yaml'), 'utf8')).toBe(settingsBefore);
      expect(refresh.out()).toContain('schemas/catalog.schema.json');
    } finally {
      await server.close();
    }
  });
});
