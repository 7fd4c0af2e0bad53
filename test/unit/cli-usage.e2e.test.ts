/**
 * How the command line explains itself: one spelling of `Error:`, terraform's single-dash flags,
 * `plan --json --markdown`, bare `shelf`, and the environment in the help of the commands that
 * talk to the API. Runs the built CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'shelf.js');

function shelf(...args: string[]) {
  const env = { ...process.env, NO_COLOR: '1', SHELF_URL: 'http://127.0.0.1:9/api', SHELF_TOKEN: 'never-sent-0123456789abcdef' };
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('build first: npm run build (these tests run dist/cli/shelf.js)');
});

describe('usage errors', () => {
  it.each([
    ['plan', '-detailed-exitcode', '--detailed-exitcode'],
    ['apply', '-auto-approve', '--auto-approve'],
  ])('%s %s (terraform spelling) suggests %s, and exits 1', (command, flag, suggested) => {
    const r = shelf(command, flag);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `Error: unknown option '${flag}' (did you mean ${suggested}? shelf's long options take two dashes)`,
    );
  });

  it('an unknown flag that is no long option gets no such hint', () => {
    const r = shelf('plan', '-frobnicate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: unknown option '-frobnicate'\n/);
  });

  it('usage errors start with `Error:`, as every other error does', () => {
    for (const args of [['bogus'], ['plan', '--no-such-flag'], ['show']]) {
      const r = shelf(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: /);
      expect(r.stderr).not.toMatch(/^error: /m);
    }
  });

  it.each([
    [['plan', '--json', '--markdown']],
    [['plan', '--markdown', '--json']],
  ])('%j is refused (one output format at a time), exit 1', (args) => {
    const r = shelf(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: option '--json' cannot be used with option '--markdown'/);
  });
});

describe('help', () => {
  it('bare `shelf` prints the help on stderr and exits 1; `shelf --help` prints it on stdout and exits 0', () => {
    const bare = shelf();
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: shelf [options] [command]');
    const help = shelf('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: shelf [options] [command]');
  });

  it.each(['plan', 'apply', 'import'])('`shelf %s --help` names SHELF_URL, SHELF_TOKEN, SHELF_TOKEN_FILE and --debug', (command) => {
    const r = shelf(command, '--help');
    expect(r.code).toBe(0);
    for (const word of ['Environment:', 'SHELF_URL', 'SHELF_TOKEN ', 'SHELF_TOKEN_FILE', 'NO_COLOR', '--debug']) {
      expect(r.stdout).toContain(word);
    }
  });
});

describe('start-up', () => {
  /** Node's own modules a run of the CLI loaded (its HTTP client, zlib, worker threads, the sandbox's server). */
  function builtinsLoaded(...args: string[]): string[] {
    const hook = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nLOADED "+process.moduleLoadList.filter(m=>m.startsWith("NativeModule ")).map(m=>m.slice(13)).join(" ")+"\\n"))`;
    const r = spawnSync(process.execPath, ['--import', hook, CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
    expect(r.status).toBe(0);
    return /\nLOADED (.*)\n/.exec(r.stderr)?.[1]?.split(' ') ?? [];
  }

  it.each([['--version'], ['--help'], ['sandbox', '--help']])('shelf %s loads no command (each is loaded when it runs)', (...args) => {
    const loaded = builtinsLoaded(...args);
    expect(loaded.length).toBeGreaterThan(0);
    for (const heavy of ['http', 'http2', 'tls', 'zlib', 'worker_threads']) expect(loaded).not.toContain(heavy);
  });
});
