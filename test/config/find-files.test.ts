/**
 * Catalog discovery never leaves a path under the `files:` globs out without a word: unreadable
 * directories and links it does not follow are errors, links inside the repository are followed,
 * and nothing outside the repository is ever opened.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverCatalogFiles } from '../../src/config/find-files.js';
import { makeRepo, removeRepos } from '../support/repo.js';

const GLOBS = ['catalog/**/*.yaml', 'catalog/**/*.yml'];
const EMPTY = 'products: []\n';

const outside: string[] = [];
afterAll(() => {
  removeRepos();
  for (const d of outside.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A directory next to (not inside) the repositories, e.g. a shared folder or a secret mount. */
function outsideDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-outside-'));
  outside.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function discover(root: string, globs: readonly string[] = GLOBS) {
  const found = await discoverCatalogFiles(root, globs);
  return { paths: found.files.map((f) => f.path), codes: found.diagnostics.map((d) => d.code), found };
}

const runsAsRoot = process.getuid?.() === 0;

describe('discoverCatalogFiles', () => {
  it('finds the matched files in a stable order, with no diagnostics', async () => {
    const root = makeRepo({ 'catalog/b.yaml': EMPTY, 'catalog/sub/a.yml': EMPTY, 'catalog/notes.txt': 'x', 'other/c.yaml': EMPTY });
    expect(await discover(root)).toMatchObject({ paths: ['catalog/b.yaml', 'catalog/sub/a.yml'], codes: [] });
  });

  it('follows a symlinked directory and a symlinked file that stay inside the repository', async () => {
    const root = makeRepo({ 'shared-products/x.yaml': EMPTY, 'shared-feeds/prices.yaml': 'prices: {}\n', 'catalog/a.yaml': EMPTY });
    symlinkSync('../shared-products', join(root, 'catalog', 'linked'));
    symlinkSync('../shared-feeds/prices.yaml', join(root, 'catalog', 'prices.yaml'));
    const { paths, codes, found } = await discover(root);
    expect(codes).toEqual([]);
    expect(paths).toEqual(['catalog/a.yaml', 'catalog/linked/x.yaml', 'catalog/prices.yaml']);
    expect(found.files.find((f) => f.path === 'catalog/linked/x.yaml')!.realPath).toMatch(/shared-products[/\\]x\.yaml$/);
  });

  it('takes the real path of the repository as the boundary, when the repository is reached through a link', async () => {
    const root = makeRepo({ 'catalog/a.yaml': EMPTY, 'shared/x.yaml': EMPTY });
    symlinkSync('../shared', join(root, 'catalog', 'shared'));
    const alias = join(outsideDir(), 'repo-alias');
    symlinkSync(root, alias);
    expect(await discover(alias)).toMatchObject({ paths: ['catalog/a.yaml', 'catalog/shared/x.yaml'], codes: [] });
  });

  it('refuses a symlinked file or directory leading outside the repository, without opening the target', async () => {
    // Opening a FIFO for reading blocks until a writer comes: finishing at all proves it was never opened.
    const secrets = outsideDir({ 'x.yaml': EMPTY });
    execFileSync('mkfifo', [join(secrets, 'token')]);
    const root = makeRepo({ 'catalog/a.yaml': EMPTY });
    symlinkSync(join(secrets, 'token'), join(root, 'catalog', 'zz.yaml'));
    symlinkSync(secrets, join(root, 'catalog', 'linked'));
    const { paths, found } = await discover(root);
    expect(paths).toEqual(['catalog/a.yaml']);
    expect(found.diagnostics.map((d) => [d.severity, d.code, d.summary])).toEqual([
      ['error', 'symlink-outside-repository', 'catalog/linked is a symbolic link that points outside the repository'],
      ['error', 'symlink-outside-repository', 'catalog/zz.yaml is a symbolic link that points outside the repository'],
    ]);
    // The target is named in general terms only.
    expect(JSON.stringify(found.diagnostics)).not.toContain(secrets);
  });

  it('refuses a catalog directory that is itself a link leading outside the repository', async () => {
    const shared = outsideDir({ 'x.yaml': EMPTY });
    const root = makeRepo({ 'shelf.yaml': 'prune: true\n' });
    symlinkSync(shared, join(root, 'catalog'));
    expect(await discover(root)).toMatchObject({ paths: [], codes: ['symlink-outside-repository'] });
  });

  it('leaves alone a link outside the repository that cannot be a catalog file', async () => {
    const elsewhere = outsideDir({ 'README.md': '# notes\n' });
    const root = makeRepo({ 'catalog/a.yaml': EMPTY });
    symlinkSync(join(elsewhere, 'README.md'), join(root, 'catalog', 'README.md'));
    expect(await discover(root)).toMatchObject({ paths: ['catalog/a.yaml'], codes: [] });
  });

  it('refuses a dangling symlink matched by the globs, or one that could be a directory of catalog files', async () => {
    const root = makeRepo({ 'catalog/a.yaml': EMPTY });
    symlinkSync('gone.yaml', join(root, 'catalog', 'old.yaml'));
    symlinkSync('../renamed-products', join(root, 'catalog', 'linked'));
    const { paths, found } = await discover(root);
    expect(paths).toEqual(['catalog/a.yaml']);
    expect(found.diagnostics.map((d) => [d.code, d.summary])).toEqual([
      ['symlink-dangling', 'catalog/linked is a symbolic link to something that does not exist'],
      ['symlink-dangling', 'catalog/old.yaml is a symbolic link to something that does not exist'],
    ]);
  });

  it('stops at a symlink loop: a link to a parent directory, and links leading to each other', async () => {
    const root = makeRepo({ 'catalog/sub/a.yaml': EMPTY });
    symlinkSync('..', join(root, 'catalog', 'sub', 'up'));
    symlinkSync('ping.yaml', join(root, 'catalog', 'pong.yaml'));
    symlinkSync('pong.yaml', join(root, 'catalog', 'ping.yaml'));
    const { paths, found } = await discover(root);
    expect(paths).toEqual(['catalog/sub/a.yaml']);
    expect(found.diagnostics.map((d) => [d.code, d.summary])).toEqual([
      ['symlink-loop', 'catalog/ping.yaml is a symbolic link that leads back to itself (a link loop)'],
      ['symlink-loop', 'catalog/pong.yaml is a symbolic link that leads back to itself (a link loop)'],
      ['directory-reached-twice', 'catalog/sub/up and catalog are the same directory, reached twice through a symbolic link'],
    ]);
  });

  it('refuses a second path to a directory it already read, naming both', async () => {
    const root = makeRepo({ 'catalog/sub/a.yaml': EMPTY });
    symlinkSync('sub', join(root, 'catalog', 'alias'));
    const { found } = await discover(root);
    expect(found.diagnostics.map((d) => d.summary)).toEqual([
      'catalog/sub and catalog/alias are the same directory, reached twice through a symbolic link',
    ]);
  });

  it('refuses a matched path that is not a regular file, which reading would block on', async () => {
    const root = makeRepo({ 'catalog/a.yaml': EMPTY });
    execFileSync('mkfifo', [join(root, 'catalog', 'pipe.yaml')]);
    expect(await discover(root)).toMatchObject({ paths: ['catalog/a.yaml'], codes: ['not-a-regular-file'] });
  });

  it('does not walk directories no glob can match into, so a problem there stops nobody', async () => {
    const root = makeRepo({ 'catalog/a.yaml': EMPTY, 'catalog/archive/old.yaml': EMPTY });
    symlinkSync(outsideDir(), join(root, 'catalog', 'archive', 'elsewhere'));
    symlinkSync('gone', join(root, 'catalog', 'archive', 'dangling'));
    expect(await discover(root, ['catalog/*.yaml'])).toMatchObject({ paths: ['catalog/a.yaml'], codes: [] });
  });

  // root reads every directory whatever its mode, so the case is skipped there; the built CLI is
  // run as `nobody` for it in test/config/discovery.e2e.test.ts when the machine allows that.
  const asNonRoot = runsAsRoot ? it.skip : it;
  asNonRoot(`reports a directory it cannot read, with the reason in words and what to do${runsAsRoot ? ' (skipped: running as root)' : ''}`, async () => {
    const root = makeRepo({ 'catalog/a.yaml': EMPTY, 'catalog/sub/b.yaml': EMPTY });
    chmodSync(join(root, 'catalog', 'sub'), 0o000);
    try {
      const { paths, found } = await discover(root);
      expect(paths).toEqual(['catalog/a.yaml']);
      expect(found.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'directory-unreadable',
          summary: 'The catalog directory catalog/sub cannot be read (permission denied, EACCES)',
          detail: expect.stringContaining('chmod u+rx'),
        }),
      ]);
    } finally {
      chmodSync(join(root, 'catalog', 'sub'), 0o755);
    }
  });

  asNonRoot(`reports a glob's base directory it cannot reach, rather than finding no files there${runsAsRoot ? ' (skipped: running as root)' : ''}`, async () => {
    const root = makeRepo({ 'data/catalog/a.yaml': EMPTY });
    chmodSync(join(root, 'data'), 0o000);
    try {
      expect(await discover(root, ['data/catalog/*.yaml'])).toMatchObject({ paths: [], codes: ['directory-unreadable'] });
    } finally {
      chmodSync(join(root, 'data'), 0o755);
    }
  });

  it('reads nothing and reports nothing for a repository not made yet', async () => {
    const parent = outsideDir();
    expect(await discover(join(parent, 'new-repo'))).toMatchObject({ paths: [], codes: [] });
    mkdirSync(join(parent, 'empty'));
    expect(await discover(join(parent, 'empty'))).toMatchObject({ paths: [], codes: [] });
  });
});
