/**
 * `shelf sandbox` as a user runs it: the built CLI, the two export lines, curl-like use of the
 * API and the control API, and a clean stop on SIGINT. Needs `npm run build`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliBuilt, PACKAGE_ROOT } from '../support/cli.js';
import type { Json } from './helpers.js';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, SHELF_SANDBOX_TOKEN: '', NO_COLOR: '1', ...env },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLines = new Promise<string[]>((resolve, reject) => {
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) resolve(lines);
    });
    child.on('exit', () => reject(new Error(`sandbox exited early: ${stderr}`)));
  });
  // A run expected to fail never reads its first lines: that rejection is not a test failure.
  firstLines.catch(() => undefined);
  return { child, firstLines, exited, stderr: () => stderr };
}

function envFrom(lines: string[]): { url: string; token: string } {
  const url = /^export SHELF_URL=(http:\/\/127\.0\.0\.1:\d+\/api)$/.exec(lines[0]!)?.[1];
  const token = /^export SHELF_TOKEN=(\S+)$/.exec(lines[1]!)?.[1];
  if (!url || !token) throw new Error(`unexpected first lines: ${lines.join(' | ')}`);
  return { url, token };
}

describe.runIf(cliBuilt())('shelf sandbox', () => {
  it('prints the exports, serves the seeded fashion example, logs to stderr and stops on SIGINT with 0', async () => {
    const run = start(['--time-scale', '100'], { SHELF_SANDBOX_TOKEN: 'cli-token' });
    const { url, token } = envFrom(await run.firstLines);
    expect(token).toBe('cli-token');

    const list: Json = await (await fetch(`${url}/i2/products/?limit=100`, { headers: { authorization: token } })).json();
    expect(list.count).toBeGreaterThan(0);
    expect(list.results.every((p: { approved: boolean; price: unknown }) => p.approved && p.price !== null)).toBe(true);
    // The one record the API rejects is not seeded.
    expect(list.results.some((p: { attributes: { COLOR: string } }) => p.attributes.COLOR === 'Teal')).toBe(false);

    const state: Json = await (await fetch(`${url.replace(/\/api$/, '')}/__sandbox/state`)).json();
    expect(state.products).toHaveLength(list.count);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(/GET \/api\/i2\/products\/\?limit=100 200/);
    expect(run.stderr()).toMatch(/not seeded.*Teal/);
    expect(run.stderr()).not.toContain('cli-token');
  });

  it('makes up a token when none is given and seeds nothing from an empty directory', async () => {
    const run = start(['--seed', 'test/sandbox', '--faults', 'status=numbers,write=id-only']);
    const { url, token } = envFrom(await run.firstLines);
    expect(token.length).toBeGreaterThanOrEqual(20);
    const list: Json = await (await fetch(`${url}/i2/products/`, { headers: { authorization: token } })).json();
    expect(list.count).toBe(0);
    const write: Json = await (
      await fetch(`${url}/i2/products/stocks/`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: '[{"sku":"X","stock":"1"}]',
      })
    ).json();
    expect(Object.keys(write)).toEqual(['id']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('counts what it seeded in English: "Seeded 1 product"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-seed-one-'));
    mkdirSync(join(dir, 'catalog'));
    writeFileSync(
      join(dir, 'catalog', 'one.yaml'),
      'products:\n  - {sku: ONE-RD-M, base_code: ONE, name: One, category: 07be580a-ad72-4778-b309-1d02d6c2acec, attributes: {COLOR: Red, SIZE: M}}\n',
    );
    const run = start(['--seed', dir]);
    await run.firstLines;
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain(`Seeded 1 product from ${dir}\n`);
  });

  it('refuses a bad --faults spec with exit 1 and says why', async () => {
    const run = start(['--faults', 'drop=3']);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/drop=3/);
  });

  it('takes its token only from SHELF_SANDBOX_TOKEN: a --token flag is refused, and --help says so', async () => {
    const run = start(['--token', 'flag-token']);
    expect(await run.exited).not.toBe(0);
    expect(run.stderr()).toMatch(/unknown option '--token'/);
    const help = spawnSync(process.execPath, [CLI, 'sandbox', '--help'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(help.stdout).toContain('SHELF_SANDBOX_TOKEN');
    expect(help.stdout).not.toContain('--token');
  });
});
