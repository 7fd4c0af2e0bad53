/**
 * The quick start's path: `eval "$(shelf sandbox --time-scale 60 --detach)"` returns once the
 * sandbox listens, and a repository without any rate_limits is paced at the sandbox's scaled
 * quotas: many plans in a row, none of them held for the real minute, none throttled.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { maxInAnyWindow } from '../remote/helpers.js';

let pid: number | undefined;
afterAll(() => {
  if (pid) process.kill(pid);
});

function shelf(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('shelf sandbox --detach', () => {
  it('prints the export lines once listening, and plans in a row stay within its scaled quota', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-detach-'));
    const started = shelf(dir, { SHELF_SANDBOX_TOKEN: '' }, 'sandbox', '--time-scale', '60', '--detach');
    expect(started.code).toBe(0);
    const exports = Object.fromEntries(
      started.stdout
        .trim()
        .split('\n')
        .map((l) => /^export (\w+)=(.*)$/.exec(l)!.slice(1, 3) as [string, string]),
    );
    expect(Object.keys(exports)).toEqual(['SHELF_URL', 'SHELF_TOKEN', 'SHELF_SANDBOX_TIME_SCALE', 'SHELF_SANDBOX_PID']);
    pid = Number(exports.SHELF_SANDBOX_PID);
    expect(exports.SHELF_SANDBOX_TIME_SCALE).toBe('60');
    // Ready means ready: the very first request is answered.
    const state = await fetch(`${exports.SHELF_URL!.replace(/\/api$/, '')}/__sandbox/state`);
    expect(state.status).toBe(200);

    expect(shelf(dir, {}, 'init', 'repo').code).toBe(0);
    const repo = join(dir, 'repo');
    // Seven plans of 3–4 requests each, one after the other. Paced at the real 10/min, no more
    // than 10 product requests could reach the server in any real minute; paced in the sandbox's
    // scaled time (10 per second) they all arrive within one, and none is throttled.
    for (let i = 0; i < 7; i++) expect(shelf(repo, exports, 'plan').code).toBe(0);
    const log = (await (await fetch(`${exports.SHELF_URL!.replace(/\/api$/, '')}/__sandbox/log`)).json()) as {
      time: string;
      resource?: string;
      throttled?: boolean;
    }[];
    const products = log.filter((e) => e.resource === 'products').map((e) => Date.parse(e.time));
    expect(products.length).toBeGreaterThan(10);
    expect(maxInAnyWindow(products, 60_000)).toBeGreaterThan(10);
    expect(log.filter((e) => e.throttled)).toEqual([]);
  });
});
