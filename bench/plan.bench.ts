/**
 * Benchmark: `shelf plan` of 100,000 desired SKUs against a sandbox holding 100,000, 1 % of
 * them changed, quotas lifted. The sandbox runs in this process; the plan runs in a child
 * process of its own (this file with `--child`), so its CPU time and peak RSS are the plan's
 * alone: load + read + diff + render. Prints figures and the request count against the
 * minimum for the sandbox's page size. Never fails on a figure.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/config/load-catalog.js';
import { checkCategories } from '../src/pipeline/check-categories.js';
import { diffCatalog } from '../src/plan/diff.js';
import { checkDesiredInScope, checkGuards } from '../src/plan/guards.js';
import { readRemoteCatalog } from '../src/pipeline/read-remote.js';
import { createClient } from '../src/remote/client.js';
import { resolveConnection } from '../src/remote/connection.js';
import { PAGE_LIMIT } from '../src/remote/list-products.js';
import { CATEGORY_IDS, createSandbox, startSandboxServer } from '../src/sandbox/index.js';
import { renderPlanHuman } from '../src/views/plan-human.js';

const SKUS = Number(process.env.BENCH_PLAN_SKUS ?? 100_000);
const CHANGED_EVERY = 100; // 1 %
const FILES = 10;
const TOKEN = 'bench-plan-token';
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];

const sku = (i: number) => `PB-${String(i).padStart(6, '0')}`;
const price = (i: number) => `${100 + (i % 900)}.90`;
const stock = (i: number) => i % 50;

/** The remote state: what the sandbox holds. Every 100th SKU differs in price, stock or name. */
function remoteRecord(i: number) {
  const changed = i % CHANGED_EVERY === 0;
  const kind = (i / CHANGED_EVERY) % 3;
  return {
    sku: sku(i),
    base_code: `PB-${Math.floor(i / 42)}`,
    name: changed && kind === 2 ? `Old bench tee ${i}` : `Bench tee ${i}`,
    category: CATEGORY_IDS.tshirts,
    attributes: { COLOR: COLORS[i % COLORS.length]!, SIZE: SIZES[Math.floor(i / COLORS.length) % SIZES.length]! },
    price: changed && kind === 0 ? '1.00' : price(i),
    stock: changed && kind === 1 ? 999 : stock(i),
    approved: i % 10 !== 0,
  };
}

async function writeRepo(root: string): Promise<void> {
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(
    join(root, 'shelf.yaml'),
    'seller_center:\n  rate_limits:\n    products: 1000000/s\n    categories: 1000000/s\nscope:\n  sku_prefixes: ["PB-"]\n',
  );
  const perFile = Math.ceil(SKUS / FILES);
  for (let f = 0; f < FILES; f++) {
    const lines = ['products:'];
    for (let i = f * perFile; i < Math.min(SKUS, (f + 1) * perFile); i++) {
      const r = remoteRecord(i);
      lines.push(
        `  - sku: ${r.sku}`,
        `    base_code: ${r.base_code}`,
        `    name: Bench tee ${i}`,
        `    category: ${r.category}`,
        `    attributes: {COLOR: ${r.attributes.COLOR}, SIZE: ${r.attributes.SIZE}}`,
        `    price: "${price(i)}"`,
        `    stock: ${stock(i)}`,
      );
    }
    await writeFile(join(root, 'catalog', `part-${f}.yaml`), `${lines.join('\n')}\n`);
  }
}

/**
 * Child mode: the plan's stages one after another, as `preparePlan` + the human view run
 * them, timing each (wall and CPU) and reporting this process's own peak RSS.
 */
async function child(dir: string, url: string): Promise<void> {
  const phases: Record<string, { wallMs: number; cpuMs: number }> = {};
  async function phase<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = await run();
    const used = process.cpuUsage(cpu);
    phases[name] = { wallMs: Math.round(performance.now() - wall), cpuMs: Math.round((used.user + used.system) / 1000) };
    return result;
  }
  const catalog = await phase('load', () => loadCatalog(dir));
  const { connection } = resolveConnection({ settings: catalog.settings, env: { SHELF_URL: url, SHELF_TOKEN: TOKEN } });
  const client = createClient(connection!, { rateLimits: catalog.settings.sellerCenter.rateLimits });
  const remote = await phase('read', () => readRemoteCatalog(client, catalog.settings));
  const plan = await phase('diff', () => diffCatalog(catalog, remote));
  const problems = await phase('checks', async () => [
    ...checkDesiredInScope(catalog),
    ...(await checkCategories(plan, client)),
    ...checkGuards(plan, catalog, remote.length, {}),
  ]);
  const output = await phase('render', () => renderPlanHuman(plan, { color: false }));
  await client.close();
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      phases,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      outputBytes: Buffer.byteLength(output),
      summary: plan.summary,
      diagnostics: catalog.diagnostics.length + problems.length,
    })}\n`,
  );
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-plan-'));
  const sandbox = createSandbox({
    token: TOKEN,
    rateLimits: { products: null, categories: null },
    approvalDelayMs: 1e12,
  });
  try {
    const setup = performance.now();
    await writeRepo(root);
    const records = Array.from({ length: SKUS }, (_, i) => remoteRecord(i));
    sandbox.seed({ products: records });
    const server = await startSandboxServer(sandbox, { port: 0 });
    process.stdout.write(`setup: ${SKUS} SKUs written and seeded in ${Math.round(performance.now() - setup)} ms\n`);

    const self = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, [self, '--child', root, server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    for await (const chunk of proc.stdout) out += String(chunk);
    await new Promise((done) => proc.on('close', done));
    await server.close();
    const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      phases: Record<string, { wallMs: number; cpuMs: number }>;
      cpuMs: number;
      maxRssMb: number;
      outputBytes: number;
      summary: { add: number; change: number; destroy: number; unchanged: number };
      diagnostics: number;
    };

    const log = sandbox.requestLog();
    const listings = log.filter((e) => e.method === 'GET' && /\/i2\/products\/(\?|$)/.test(e.path)).length;
    const approved = records.filter((r) => r.approved).length;
    const minimum = Math.max(1, Math.ceil(approved / PAGE_LIMIT)) + Math.max(1, Math.ceil((SKUS - approved) / PAGE_LIMIT));
    const changed = Math.ceil(SKUS / CHANGED_EVERY);
    process.stdout.write(
      [
        `plan of ${SKUS} desired vs ${SKUS} remote (${changed} changed): ${JSON.stringify(figures.summary)}, ${figures.diagnostics} diagnostics`,
        `  CPU time:       ${figures.cpuMs} ms in total, all threads (target ≤ 8000 ms)`,
        ...Object.entries(figures.phases).map(
          ([name, p]) => `    ${name.padEnd(8)} ${String(p.wallMs).padStart(6)} ms wall ${String(p.cpuMs).padStart(6)} ms CPU`,
        ),
        `  peak RSS:       ${figures.maxRssMb} MB   (target ≤ 1024 MB)`,
        `  output:         ${figures.outputBytes} bytes of human plan`,
        `  requests:       ${log.length} total; ${listings} product listing pages, minimum ${minimum} at ${PAGE_LIMIT} per page (approved + awaiting approval)`,
        '',
      ].join('\n'),
    );
  } finally {
    if (process.env.BENCH_PLAN_KEEP) process.stdout.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();
