/**
 * `npm run demo` as a newcomer runs it, piped (as in a CI log or `| less`): it succeeds, shows
 * the pre-flight refusal on its line (no plan), the example's plan once after the fix, a
 * server-side refusal of a locked stock, and prints no escape sequence. Runs the built demo (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DEMO = join(import.meta.dirname, '..', '..', 'dist', 'cmd', 'demo.js');

describe('npm run demo', () => {
  it.each([
    ['piped', {}],
    ['piped, NO_COLOR=1', { NO_COLOR: '1' }],
  ])('%s: exit 0, the pre-flight error on its line, the 25-SKU plan shown once, no escape sequences', { timeout: 120_000 }, (_how, extra) => {
    if (!existsSync(DEMO)) throw new Error('build first: npm run build (this test runs dist/cmd/demo.js)');
    const r = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', env: { ...process.env, ...extra }, timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/^Plan: 25 to add/gm)).toHaveLength(1);
    // None for the refused apply; the locked-stock apply's and the re-plan's one SKU.
    expect(r.stdout.match(/^Plan: /gm)).toHaveLength(3);
    expect(r.stdout).toContain('$ shelf apply --auto-approve');
    expect(r.stdout + r.stderr).toContain('on catalog/t-shirts.yaml:47:44, in product AKN-OCEAN-TL-M');
    expect(r.stdout + r.stderr).toContain('locked by the marketplace operator');
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });
});
