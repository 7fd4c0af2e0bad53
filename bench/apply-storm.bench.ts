/**
 * Benchmark: `shelf apply` of 10,000 new SKUs (prices and stocks) under the sandbox's storm
 * (30 % 429, 10 % 5xx, 3 % dropped connections, half of them after the request took effect),
 * as a user runs it: the built CLI against `shelf sandbox --faults storm` over loopback, at a
 * time scale that keeps the quota's shape. The same apply is first run fault-free on a fresh
 * sandbox: that run's request count is the minimum. Prints requests ÷ that minimum, wall time ÷
 * the quota lower bound, and whether the remote state is exact. Never fails on a figure.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../src/sandbox/index.js';
import { CATEGORY_IDS } from '../src/sandbox/index.js';
import { startSandboxProcess } from './sandbox-process.js';

const SKUS = Number(process.env.BENCH_STORM_SKUS ?? 10_000);
const SCALE = Number(process.env.BENCH_STORM_SCALE ?? 20);
const SEED = Number(process.env.BENCH_STORM_SEED ?? 1);
const WINDOW_MS = 60_000 / SCALE;
const QUOTA = 10;
const CLI = fileURLToPath(new URL('../cli/shelf.js', import.meta.url));

async function writeRepo(root: string): Promise<void> {
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(
    join(root, 'shelf.yaml'),
    `seller_center:\n  rate_limits:\n    products: ${QUOTA}/${WINDOW_MS}ms\n    categories: 30/${WINDOW_MS}ms\nscope:\n  sku_prefixes: ["STORM-"]\n`,
  );
  const lines = ['products:'];
  for (let i = 0; i < SKUS; i++) {
    lines.push(
      `  - {sku: STORM-${String(i).padStart(6, '0')}, base_code: STORM-${Math.floor(i / 42)}, name: Storm tee ${i}, ` +
        `category: ${CATEGORY_IDS.tshirts}, attributes: {COLOR: Red, SIZE: M}, price: "${(100 + (i % 900)).toFixed(2)}", stock: ${i % 50}}`,
    );
  }
  await writeFile(join(root, 'catalog', 'storm.yaml'), `${lines.join('\n')}\n`);
}

const sandboxUrl = (url: string, path: string) => `${url.replace(/\/api$/, '')}/__sandbox/${path}`;

async function applyOnce(repo: string, env: NodeJS.ProcessEnv): Promise<{ code: number; wallMs: number; doc: { summary: Record<string, number>; requests: { total: number; throttled: number } } }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'apply', repo, '--auto-approve', '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of child.stdout!) out += String(chunk);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, wallMs: performance.now() - started, doc: JSON.parse(out) };
}

async function run(root: string, name: string, faults: string[]) {
  const repo = join(root, name);
  await writeRepo(repo);
  await mkdir(join(root, `${name}-empty`, 'catalog'), { recursive: true });
  const sb = await startSandboxProcess(join(root, `${name}-empty`), SCALE, faults);
  try {
    const result = await applyOnce(repo, { SHELF_URL: sb.url, SHELF_TOKEN: sb.token, NO_COLOR: '1' });
    const log = (await (await fetch(sandboxUrl(sb.url, 'log'))).json()) as RequestLogEntry[];
    const state = (await (await fetch(sandboxUrl(sb.url, 'state'))).json()) as { products: { sku: string; stock?: number }[]; batches: { kind: string; items: number }[] };
    const exact = state.products.length === SKUS && state.products.every((p) => p.stock === Number(p.sku.slice(6)) % 50);
    const items = new Map<string, number>();
    for (const b of state.batches) items.set(b.kind, (items.get(b.kind) ?? 0) + b.items);
    const once = [...items.values()].every((n) => n === SKUS);
    return { ...result, log, exact, once };
  } finally {
    sb.child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-storm-'));
  try {
    const calm = await run(root, 'calm', []);
    const storm = await run(root, 'storm', ['--faults', `storm,seed=${SEED}`]);
    const minimum = calm.log.filter((e) => e.resource === 'products').length;
    const used = storm.log.filter((e) => e.resource === 'products').length;
    const lowerBound = (Math.ceil(minimum / QUOTA) - 1) * WINDOW_MS;
    const faults = new Map<string, number>();
    for (const e of storm.log) if (e.fault) faults.set(e.fault, (faults.get(e.fault) ?? 0) + 1);
    process.stdout.write(
      [
        `SKUs: ${SKUS}; time scale ${SCALE} (quota ${QUOTA} per ${WINDOW_MS} ms window); storm seed ${SEED}`,
        `faults drawn: ${[...faults].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
        `fault-free: exit ${calm.code}, ${minimum} i2/products requests, ${calm.wallMs.toFixed(0)} ms`,
        `storm: exit ${storm.code}, failed ${storm.doc.summary.failed}, unknown ${storm.doc.summary.unknown}; remote state exact: ${storm.exact}; each SKU in one accepted write per kind: ${storm.once}`,
        `requests / fault-free minimum: ${used} / ${minimum} = ${(used / minimum).toFixed(2)}`,
        `wall / quota lower bound: ${storm.wallMs.toFixed(0)} ms / ${lowerBound.toFixed(0)} ms = ${(storm.wallMs / lowerBound).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
