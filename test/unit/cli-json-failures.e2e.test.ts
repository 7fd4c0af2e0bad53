/**
 * `--json` prints exactly one JSON document on stdout, also when the command line itself is
 * wrong and no command ever ran. Runs the built CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonCommandOf } from '../../src/commands/failure-json.js';
import { CLI, requireBuiltCli } from '../support/cli.js';


function shelf(...args: string[]) {
  const env = { ...process.env, NO_COLOR: '1', SHELF_URL: 'http://127.0.0.1:9/api', SHELF_TOKEN: 'never-sent-0123456789abcdef' };
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(requireBuiltCli);

describe('--json on a usage error', () => {
  it.each([
    ['plan', ['plan', '--json', '--no-such-flag'], (d: Record<string, unknown>) => expect(d.errors).toHaveLength(1)],
    ['show', ['show', '--json'], (d: Record<string, unknown>) => expect(d.errors).toHaveLength(1)],
    ['validate', ['validate', '--json', '--no-such-flag'], (d: Record<string, unknown>) => expect(d).toMatchObject({ valid: false, error_count: 1 })],
    ['search', ['search', '--json'], (d: Record<string, unknown>) => expect(d).toMatchObject({ results: [], errors: [{ code: 'usage' }] })],
    ['apply', ['apply', 'a', 'b', '--json'], (d: Record<string, unknown>) => expect(d).toMatchObject({ summary: { failed: 0 }, requests: { total: 0 } })],
  ])('%s exits 1 with one JSON document on stdout and the usage on stderr', (_name, args, shape) => {
    const r = shelf(...args);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.format_version).toBe('1');
    shape(doc);
    expect(r.stderr).toMatch(/^Error: /);
  });

  it('leaves stdout empty without --json', () => {
    const r = shelf('plan', '--no-such-flag');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('knows which command was asked for JSON', () => {
    expect(jsonCommandOf(['--debug', 'plan', '--json'])).toBe('plan');
    expect(jsonCommandOf(['init', '--json'])).toBeUndefined();
    expect(jsonCommandOf(['apply', '.'])).toBeUndefined();
  });
});
