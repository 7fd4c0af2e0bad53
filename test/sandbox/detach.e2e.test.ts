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
    // Seven plans of 3–4 requests each: more than one real-time window of 10 requests. Paced at
    // the real 10/min, the fourth plan would wait most of a minute for the quota; the debug
    // trace reports each request's quota wait, which must stay far below that.
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = shelf(repo, exports, 'plan', '--debug');
      expect(r.code).toBe(0);
      for (const m of r.stderr.matchAll(/quota wait (\d+) ms/g)) waits.push(Number(m[1]));
    }
    expect(waits.length).toBeGreaterThan(20);
    expect(Math.max(...waits)).toBeLessThan(20_000);
    const log = (await (await fetch(`${exports.SHELF_URL!.replace(/\/api$/, '')}/__sandbox/log`)).json()) as { throttled?: boolean }[];
    expect(log.length).toBeGreaterThan(20);
    expect(log.filter((e) => e.throttled)).toEqual([]);
  });
});
