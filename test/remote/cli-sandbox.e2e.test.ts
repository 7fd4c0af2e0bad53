/**
 * The client against `shelf sandbox` as a user starts it (the built CLI, its own process), with
 * every fault and the least friendly API variants switched on. Needs `npm run build`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/remote/client.js';
import { CLI, cliBuilt, PACKAGE_ROOT } from '../support/cli.js';
import { collect, liftedLimits } from './helpers.js';

const SCALE = 200;
const TOKEN = 'cli-e2e-token';
const FAULTS = [
  '429=0.05',
  '5xx=0.05',
  'drop=0.04',
  'lost=0.04',
  'malformed=0.05',
  'slow=0.1',
  'slow-ms=20',
  'seed=3',
  'status=titles',
  'write=id-only',
  'page-cap=4',
  'files-origin=separate',
  'unknown-enums=on',
  'extra-fields=on',
  'retry-after=http-date',
].join(',');

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function startSandbox(): Promise<{ url: string; token: string }> {
  child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--time-scale', String(SCALE), '--faults', FAULTS], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: '1', SHELF_SANDBOX_TOKEN: TOKEN },
  });
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length !== 2) return;
      const url = /^export SHELF_URL=(\S+)$/.exec(lines[0]!)?.[1];
      const token = /^export SHELF_TOKEN=(\S+)$/.exec(lines[1]!)?.[1];
      if (url && token) resolve({ url, token });
      else reject(new Error(`unexpected first lines: ${lines.join(' | ')}`));
    });
    child!.on('exit', (code) => reject(new Error(`shelf sandbox exited early (${code})`)));
  });
}

describe.runIf(cliBuilt())('client ⇄ `shelf sandbox --faults …`', () => {
  it('reads the seeded catalog, writes stocks, follows the batch and reads them back, through every fault', async () => {
    const { url, token } = await startSandbox();
    const debug: string[] = [];
    const quota = { requests: 10, windowMs: 60_000 / SCALE };
    const client = createClient(
      { baseUrl: url, token },
      { rateLimits: { ...liftedLimits(), products: quota, categories: { requests: 30, windowMs: 60_000 / SCALE } }, debug: (l) => debug.push(l) },
    );
    const before = await collect(client.listProducts());
    expect(before.length).toBeGreaterThan(4);
    expect(new Set(before.map((p) => p.sku)).size).toBe(before.length);

    const targets = before.slice(0, 3).map((p, i) => ({ sku: p.sku, stock: 900 + i }));
    const items = [...targets, { sku: 'NOT-IN-THE-CATALOG', stock: 1 }];
    const id = await client.submit('stocks', items);
    const result = await client.waitForBatch(id, 'stocks', items.map((i) => i.sku));
    expect(result.problem).toBeUndefined();
    expect(result.state).toBe('partially_succeeded');
    expect(result.failures.map((f) => f.sku)).toEqual(['NOT-IN-THE-CATALOG']);

    const after = new Map((await collect(client.listProducts())).map((p) => [p.sku, p.stock]));
    for (const t of targets) expect(after.get(t.sku)).toBe(t.stock);

    const counters = client.counters();
    expect(counters.retried).toBeGreaterThan(0);
    expect(debug.join('\n')).not.toContain(TOKEN);
    await client.close();

    child!.kill('SIGINT');
    expect(await new Promise((resolve) => child!.on('exit', resolve))).toBe(0);
  });
});
