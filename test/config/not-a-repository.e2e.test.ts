/** The wrong directory is an error pointing at the right one, never an empty catalog (built CLI). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';


function shelf(cwd: string, ...args: string[]) {
  // A URL and a token, so that only the directory can be what stops the command.
  const env = { ...process.env, NO_COLOR: '1', SHELF_URL: 'http://127.0.0.1:9/api', SHELF_TOKEN: 'Token not-a-real-key-but-long-enough' };
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function repository(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'shelf-wrong-dir-')));
  mkdirSync(join(root, 'my-catalog', 'catalog'), { recursive: true });
  writeFileSync(join(root, 'my-catalog', 'shelf.yaml'), 'prune: true\n');
  writeFileSync(join(root, 'my-catalog', 'catalog', 'a.yaml'), 'products: []\n');
  return root;
}

describe('a directory that is not a catalog repository', () => {
  it('fails plan --detailed-exitcode from the catalog/ subdirectory, names the parent, creates no .shelf/', () => {
    const root = repository();
    const inside = join(root, 'my-catalog', 'catalog');
    const r = shelf(inside, 'plan', '--detailed-exitcode');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('No changes');
    expect(r.stderr).toContain(`${inside} is not a catalog repository: it has no shelf.yaml and no file matching catalog/**/*.yaml`);
    expect(r.stderr).toContain(`The nearest catalog repository is .. (${join(root, 'my-catalog')})`);
    expect(existsSync(join(inside, '.shelf'))).toBe(false);
  });

  it('fails validate and apply one level above, naming the child repository', () => {
    const root = repository();
    for (const args of [['validate'], ['apply', '--auto-approve']]) {
      const r = shelf(root, ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The nearest catalog repository is my-catalog (${join(root, 'my-catalog')})`);
    }
    expect(existsSync(join(root, '.shelf'))).toBe(false);
  });

  it('apply of a directory that does not exist says so and creates nothing', () => {
    const root = repository();
    const r = shelf(root, 'apply', 'no-such-dir', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The catalog directory ${join(root, 'no-such-dir')} does not exist`);
    expect(existsSync(join(root, 'no-such-dir'))).toBe(false);
  });

  it('still accepts a repository with shelf.yaml and no catalog files yet (a warning, not an error)', () => {
    const root = repository();
    const r = shelf(join(root, 'my-catalog'), 'validate');
    expect(r.stderr).not.toContain('is not a catalog repository');
  });
});
