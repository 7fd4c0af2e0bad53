/**
 * Nothing outside the repository is read, so a secret linked into it is never printed: not by
 * the loader's diagnostics (shelf.yaml or a catalog file), and not by the view's line excerpts.
 */
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { renderDiagnostics } from '../../src/views/diagnostics.js';
import { sourceExcerpt } from '../../src/views/source-excerpt.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TSHIRTS } from './repo-fixture.js';

const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const secretDirs: string[] = [];
afterAll(() => {
  removeRepos();
  for (const d of secretDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A token file outside every repository, as a secret mount or SHELF_TOKEN_FILE would be. */
function tokenFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-secret-'));
  secretDirs.push(dir);
  writeFileSync(join(dir, 'token'), `${SECRET}\n`);
  return join(dir, 'token');
}

const PRODUCT = `products:\n  - {sku: A-1, base_code: A, name: x, category: ${TSHIRTS}}\n`;

describe('files outside the repository', () => {
  it('refuses a catalog file linked to a token file, and prints no part of the token', async () => {
    const root = makeRepo({ 'catalog/a.yaml': PRODUCT });
    symlinkSync(tokenFile(), join(root, 'catalog', 'zz.yaml'));
    const catalog = await loadCatalog(root);
    expect(catalog.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'symlink-outside-repository']]);
    const shown = renderDiagnostics(catalog.diagnostics, { root, color: false });
    expect(shown).toContain('catalog/zz.yaml is a symbolic link that points outside the repository');
    expect(shown).not.toContain('sk_live');
    expect(JSON.stringify(catalog)).not.toContain('sk_live');
  });

  it('refuses a shelf.yaml linked to a token file, and prints no part of the token', async () => {
    const root = makeRepo({ 'catalog/a.yaml': PRODUCT });
    symlinkSync(tokenFile(), join(root, 'shelf.yaml'));
    const catalog = await loadCatalog(root);
    expect(catalog.diagnostics.map((d) => [d.code, d.summary])).toEqual([
      ['symlink-outside-repository', 'shelf.yaml is a symbolic link that points outside the repository'],
    ]);
    expect(renderDiagnostics(catalog.diagnostics, { root, color: false })).not.toContain('sk_live');
  });

  it('still reads a shelf.yaml linked from inside the repository', async () => {
    const root = makeRepo({ 'catalog/a.yaml': PRODUCT, 'config/shelf.yaml': 'prune: true\n' });
    symlinkSync('config/shelf.yaml', join(root, 'shelf.yaml'));
    const catalog = await loadCatalog(root);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.settings.prune).toBe(true);
  });

  it('shows no line of a file a link leads to outside the repository, whatever points at it', () => {
    const root = makeRepo({ 'catalog/a.yaml': PRODUCT });
    symlinkSync(tokenFile(), join(root, 'catalog', 'zz.yaml'));
    expect(sourceExcerpt(root, { file: 'catalog/zz.yaml', line: 1, column: 1 })).toBeUndefined();
    expect(sourceExcerpt(root, { file: 'catalog/a.yaml', line: 1, column: 1 })).toBe('   1: products:\n      ^');
  });

  const runsAsRoot = process.getuid?.() === 0;
  const asNonRoot = runsAsRoot ? it.skip : it;
  asNonRoot(`reports an unreadable catalog file as a diagnostic, and renders it without stopping${runsAsRoot ? ' (skipped: running as root)' : ''}`, async () => {
    const root = makeRepo({ 'catalog/a.yaml': PRODUCT, 'catalog/locked.yaml': PRODUCT.replace('A-1', 'A-2') });
    chmodSync(join(root, 'catalog', 'locked.yaml'), 0o000);
    try {
      const catalog = await loadCatalog(root);
      expect(catalog.diagnostics.map((d) => [d.code, d.summary])).toEqual([
        ['file-unreadable', 'The catalog file catalog/locked.yaml cannot be read (permission denied, EACCES)'],
      ]);
      expect(renderDiagnostics(catalog.diagnostics, { root, color: false })).toContain('chmod u+r');
    } finally {
      chmodSync(join(root, 'catalog', 'locked.yaml'), 0o644);
    }
  });
});
