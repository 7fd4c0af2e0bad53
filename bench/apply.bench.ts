/**
 * Benchmark: apply 10,000 new SKUs with prices and stocks against the sandbox over loopback,
 * at a time scale that keeps the real quota shape (10 requests per scaled minute, shared by
 * writes and polls). Prints requests used ÷ minimum (target 1.00), wall time ÷ the quota
 * lower bound (target ≤ 1.10) and the 429 count (target 0). Never fails on a figure.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyEvents } from '../src/apply/events.js';
import { Journal } from '../src/apply/journal.js';
import { applyPlan } from '../src/apply/run.js';
import { loadCatalog } from '../src/config/load-catalog.js';
import { diffCatalog } from '../src/plan/diff.js';
import { readRemoteCatalog } from '../src/pipeline/read-remote.js';
import { createClient } from '../src/remote/client.js';
import { resolveConnection } from '../src/remote/connection.js';
import type { RequestLogEntry } from '../src/sandbox/index.js';
import { startSandboxProcess } from './sandbox-process.js';
import { CATEGORY_IDS } from '../src/sandbox/index.js';

const SKUS = Number(process.env.BENCH_APPLY_SKUS ?? 10_000);
const SCALE = Number(process.env.BENCH_APPLY_SCALE ?? 20);
const WINDOW_MS = 60_000 / SCALE;
const QUOTA = 10;
const CHUNK = 1000;
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];

async function writeCatalog(root: string): Promise<void> {
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(
    join(root, 'shelf.yaml'),
    `seller_center:\n  rate_limits:\n    products: ${QUOTA}/${WINDOW_MS}ms\n    categories: 30/${WINDOW_MS}ms\nscope:\n  sku_prefixes: ["BENCH-"]\n`,
  );
  const lines = ['products:'];
  for (let i = 0; i < SKUS; i++) {
    const color = COLORS[i % COLORS.length];
    const size = SIZES[Math.floor(i / COLORS.length) % SIZES.length];
    lines.push(
      `  - {sku: BENCH-${String(i).padStart(6, '0')}, base_code: BENCH-${Math.floor(i / 42)}, name: Bench tee ${i}, ` +
        `category: ${CATEGORY_IDS.tshirts}, attributes: {COLOR: ${color}, SIZE: ${size}}, price: "${(100 + (i % 900)).toFixed(2)}", stock: ${i % 50}}`,
    );
  }
  await writeFile(join(root, 'catalog', 'bench.yaml'), `${lines.join('\n')}\n`);
}

async function requestLog(url: string): Promise<RequestLogEntry[]> {
  const res = await fetch(`${url.replace(/\/api$/, '')}/__sandbox/log`);
  return (await res.json()) as RequestLogEntry[];
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-apply-'));
  await mkdir(join(root, 'empty', 'catalog'), { recursive: true });
  const { url, token, child } = await startSandboxProcess(join(root, 'empty'), SCALE);
  const server = { url };
  try {
    await writeCatalog(root);
    const catalog = await loadCatalog(root);
    if (catalog.diagnostics.some((d) => d.severity === 'error')) throw new Error(catalog.diagnostics[0]!.summary);
    const { connection } = resolveConnection({ settings: catalog.settings, env: { SHELF_URL: server.url, SHELF_TOKEN: token } });
    if (!connection) throw new Error('no connection');
    const client = createClient(connection, { rateLimits: catalog.settings.sellerCenter.rateLimits, timeScale: SCALE, ...(process.env.BENCH_APPLY_DEBUG ? { debug: (l: string) => process.stderr.write(`${performance.now().toFixed(0)} ${l}\n`) } : {}) });
    const remote = await readRemoteCatalog(client, catalog.settings, {});
    const plan = diffCatalog(catalog, remote);
    const before = client.counters().requests.products;
    const logBefore = (await requestLog(url)).length;
    // The plan's reads used quota; start the measured run on a full window, as a fresh apply would.
    await new Promise((r) => setTimeout(r, WINDOW_MS * 1.05));
    const journal = await Journal.open(root, { compact: true });
    const started = performance.now();
    const run = await applyPlan({ plan, client, journal, events: new ApplyEvents() });
    const wall = performance.now() - started;
    await journal.close();
    await client.close();

    const used = client.counters().requests.products - before;
    const batches = 2 * Math.ceil(SKUS / CHUNK); // product upserts, then PRD104 price+stock
    const minimum = batches * 2; // each batch: one write and one poll
    const lowerBound = (Math.ceil(minimum / QUOTA) - 1) * WINDOW_MS;
    const runLog = (await requestLog(url)).slice(logBefore);
    const throttled = runLog.filter((e) => e.throttled).length;
    const s = run.outcome.summary;
    if (process.env.BENCH_APPLY_LOG) {
      const log = runLog;
      const t0 = Date.parse(log[0]?.time ?? new Date().toISOString());
      for (const e of log) process.stdout.write(`${Date.parse(e.time) - t0}\t${e.method} ${e.path.slice(0, 60)} ${e.status}\n`);
    }
    process.stdout.write(
      [
        `SKUs: ${SKUS}; time scale ${SCALE} (quota ${QUOTA} per ${WINDOW_MS} ms window)`,
        `outcome: ${s.added} added, ${s.failed} failed`,
        `requests used / minimum: ${used} / ${minimum} = ${(used / minimum).toFixed(2)} (target 1.00)`,
        `wall / quota lower bound: ${wall.toFixed(0)} ms / ${lowerBound.toFixed(0)} ms = ${(wall / lowerBound).toFixed(2)} (target <= 1.10)`,
        `429s: ${throttled} (target 0)`,
        `peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    await rm(root, { recursive: true, force: true });
  }
}

await main();
