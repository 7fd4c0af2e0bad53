/**
 * shelf installs the way the CI examples install it, from a git URL or a tarball: `prepare`
 * builds it (npm runs it when it installs from git and when it packs), and the package holds
 * the built CLI, its schemas and examples, and nothing it does not need.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../src/package-info.js';

describe('the shelf package', () => {
  it('builds itself on install from git or on pack, and exposes the CLI as `shelf`', () => {
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string>; files: string[] };
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.bin).toEqual({ shelf: 'dist/cli/shelf.js' });
    expect(readFileSync(packageFile('cmd/shelf.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('packs the built CLI, the schemas and the examples, and no sources or tests', () => {
    // --ignore-scripts: what `prepare` would build is already in dist/ (npm test builds first).
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageFile('.'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const f of ['package.json', 'dist/cli/shelf.js', 'schemas/shelf.schema.json', 'schemas/catalog.schema.json', 'examples/ci/github-actions.yml', 'examples/ci/gitlab-ci.yml']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.ts'))).toEqual([]);
  });
});
