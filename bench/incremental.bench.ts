/**
 * Benchmark: plans of a 100,000-SKU scope with 1 % changed remotely, read from the snapshot
 * plus the changes, beside a `--full-read` plan of the same scope; the snapshot's size and
 * load time; and the clean re-plan right after an apply of those 1,000 records. The sandbox
 * runs in this process with quotas lifted; each plan or apply is the built CLI in a process of
 * its own (report-usage gives its CPU time and peak RSS), the snapshot load and the read alone
 * a child process of this file (`--child`). Product requests are counted in
 * the sandbox's log, and turned into the wall time they take at the real quota (10 a minute).
 * Prints figures against the targets; never fails on one.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_LIMIT } from '../src/remote/list-products.js';
// Everything else is imported where it is used: a child process loads only the modules its
// command loads (the sandbox runs in the parent), so its CPU time is the command's own.

const SKUS = Number(process.env.BENCH_INCREMENTAL_SKUS ?? 100_000);
const CHANGED_EVERY = 100; // 1 %
const TOKEN = 'bench-incremental-token';
const REAL_QUOTA_PER_MIN = 10;
/** The built CLI, and the module that reports a process's own CPU time and peak RSS. */
const CLI = fileURLToPath(new URL('../cli/shelf.js', import.meta.url));
const REPORT_USAGE = fileURLToPath(new URL('./report-usage.js', import.meta.url));

const sku = (i: number) => `IB-${String(i).padStart(6, '0')}`;

function record(i: number, stamp: string, category: string) {
  return {
    sku: sku(i),
    base_code: `IB-${Math.floor(i / 42)}`,
    name: `Bench tee ${i}`,
    category,
    attributes: { COLOR: ['Red', 'Black', 'White'][i % 3]!, SIZE: ['S', 'M', 'L', 'XL'][i % 4]! },
    images: [`https://cdn.example.com/ib/${i}.jpg`],
    price: `${100 + (i % 900)}.90`,
    stock: i % 50,
    approved: i % 7 !== 0,
    created_at: stamp,
    updated_at: stamp,
  };
}

async function writeRepo(root: string, category: string): Promise<void> {
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(
    join(root, 'shelf.yaml'),
    'seller_center:\n  rate_limits:\n    products: 1000000/s\n    categories: 1000000/s\nscope:\n  sku_prefixes: ["IB-"]\n',
  );
  const lines = ['products:'];
  const stamp = new Date().toISOString();
  for (let i = 0; i < SKUS; i++) {
    const r = record(i, stamp, category);
    lines.push(
      `  - {sku: ${r.sku}, base_code: ${r.base_code}, name: ${r.name}, category: ${r.category}, attributes: {COLOR: ${r.attributes.COLOR}, SIZE: ${r.attributes.SIZE}}, images: ["${r.images[0]}"], price: "${r.price}", stock: ${r.stock}}`,
    );
  }
  await writeFile(join(root, 'catalog', 'tees.yaml'), `${lines.join('\n')}\n`);
}

/** Child mode: the snapshot load, or the read alone, then its own CPU time, peak RSS and wall time. */
async function child(mode: string, root: string, url: string): Promise<void> {
  // As the CLI starts (cmd/shelf.ts): the same garbage-collection pacing.
  (await import('../src/commands/heap-growth.js')).limitHeapGrowth();
  const env = { SHELF_URL: url, SHELF_TOKEN: TOKEN };
  const wall = performance.now();
  const cpuAtStart = process.cpuUsage();
  let extra: Record<string, number> = {};
  if (mode === 'load') {
    const { loadSnapshot } = await import('../src/remote/snapshot-file.js');
    const dir = join(root, '.shelf', 'snapshots');
    const file = join(dir, readdirSync(dir).find((name) => name.endsWith('.snapshot'))!);
    const loaded = await loadSnapshot(file);
    const records = 'snapshot' in loaded ? loaded.snapshot.listings.reduce((n, l) => n + l.records.length, 0) : -1;
    const used = process.cpuUsage(cpuAtStart);
    extra = { records, bytes: statSync(file).size, loadCpuMs: Math.round((used.user + used.system) / 1000) };
  } else if (mode === 'read') {
    // The read alone, as plan makes it (snapshot loaded, changes read and verified, snapshot saved).
    const { loadSettings } = await import('../src/config/load-settings.js');
    const { resolveConnection } = await import('../src/remote/connection.js');
    const { createClient } = await import('../src/remote/client.js');
    const { readRemoteCatalog } = await import('../src/pipeline/read-remote.js');
    const { settings } = await loadSettings(root);
    const { connection } = resolveConnection({ settings, env });
    const client = createClient(connection!, { rateLimits: settings.sellerCenter.rateLimits });
    const remote = await readRemoteCatalog(client, settings, { snapshot: { root, origin: new URL(url).origin } });
    await client.close();
    const used = process.cpuUsage(cpuAtStart);
    extra = { records: remote.length, loadCpuMs: Math.round((used.user + used.system) / 1000) };
  }
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      code: 0,
      wallMs: Math.round(performance.now() - wall),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      ...extra,
    })}\n`,
  );
}

interface Figures {
  code: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  records?: number;
  bytes?: number;
  loadCpuMs?: number;
}

async function main(): Promise<void> {
  const { CATEGORY_IDS, createSandbox, startSandboxServer } = await import('../src/sandbox/index.js');
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-incremental-'));
  const sandbox = createSandbox({
    token: TOKEN,
    rateLimits: { products: null, categories: null },
    approvalDelayMs: 1e12,
    batchProcessingMs: { queuedMs: 0, baseMs: 50, perItemMs: 0 },
  });
  const server = await startSandboxServer(sandbox, { port: 0 });
  const self = fileURLToPath(import.meta.url);
  const productRequests = () => sandbox.requestLog().filter((e) => e.path.startsWith('/api/i2/products')).length;
  let profiled = 0;
  /** The built CLI's arguments for a plan or apply run; undefined for this file's child modes. */
  const CLI_RUNS: Record<string, string[]> = { plan: ['plan'], 'plan-full': ['plan', '--full-read'], apply: ['apply', '--auto-approve'] };
  async function run(mode: string): Promise<Figures & { requests: number }> {
    const before = productRequests();
    // BENCH_INCREMENTAL_PROFILE=DIR: each process writes a V8 CPU profile there (named after its mode).
    const profile = process.env.BENCH_INCREMENTAL_PROFILE;
    const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile, '--cpu-prof-name', `${mode}-${(profiled += 1)}.cpuprofile`] : [];
    const cliArgs = CLI_RUNS[mode];
    const usageFile = `${root}-usage-${mode}-${Date.now()}.jsonl`;
    const command = cliArgs
      ? [process.execPath, ...flags, '--import', REPORT_USAGE, CLI, ...cliArgs]
      : [process.execPath, ...flags, self, '--child', mode, root, server.url];
    // BENCH_INCREMENTAL_TIME=1: each process runs under `/usr/bin/time -v` (its report goes to stderr).
    if (process.env.BENCH_INCREMENTAL_TIME) command.unshift('/usr/bin/time', '-v');
    const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', SHELF_URL: server.url, SHELF_TOKEN: TOKEN, BENCH_USAGE_FILE: usageFile };
    // The CLI's own output (the plan, its progress) is not the benchmark's; shown only if it failed.
    const proc = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: ['ignore', cliArgs ? 'ignore' : 'pipe', cliArgs && !process.env.BENCH_INCREMENTAL_TIME ? 'pipe' : 'inherit'] });
    let out = '';
    let errors = '';
    proc.stderr?.on('data', (chunk: Buffer) => (errors += String(chunk)));
    if (proc.stdout) for await (const chunk of proc.stdout) out += String(chunk);
    const exit = await new Promise<number | null>((done) => proc.on('close', done));
    if (exit !== 0) process.stderr.write(errors);
    if (cliArgs) {
      out = readFileSync(usageFile, 'utf8');
      rmSync(usageFile);
    }
    const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures;
    return { ...figures, code: exit ?? figures.code, requests: productRequests() - before };
  }
  const atQuota = (requests: number) => {
    const seconds = (requests / REAL_QUOTA_PER_MIN) * 60;
    return seconds >= 60 ? `${(seconds / 60).toFixed(1)} min` : `${Math.round(seconds)} s`;
  };
  const line = (label: string, f: Figures & { requests: number }) =>
    `  ${label.padEnd(34)} ${String(f.requests).padStart(4)} product requests (${atQuota(f.requests).padStart(8)} at 10/min)  ` +
    `CPU ${String(f.cpuMs).padStart(5)} ms  peak RSS ${String(f.maxRssMb).padStart(4)} MB  wall ${f.wallMs} ms  exit ${f.code}`;
  try {
    const setup = performance.now();
    await writeRepo(root, CATEGORY_IDS.tshirts);
    // Stamped an hour ago: outside the read overlap, as a catalog not touched in the last minute is.
    const stamp = new Date(Date.now() - 3_600_000).toISOString();
    sandbox.seed({ products: Array.from({ length: SKUS }, (_, i) => record(i, stamp, CATEGORY_IDS.tshirts)) });
    process.stdout.write(`setup: ${SKUS} SKUs written and seeded in ${Math.round(performance.now() - setup)} ms\n`);

    const first = await run('plan-full');
    const load = await run('load');
    const changed = Math.ceil(SKUS / CHANGED_EVERY);
    // A price 40 cents off the catalog's: a change the price guards let through, so the plan, the apply
    // and the clean re-plan after it all succeed.
    for (let i = 0; i < SKUS; i += CHANGED_EVERY) sandbox.mutateProduct(sku(i), { price: `${100 + (i % 900)}.50` });
    const incremental = await run('plan');
    const full = await run('plan-full');
    // The same 1,000 changes once more (a new price), read alone: what the snapshot costs the plan.
    for (let i = 0; i < SKUS; i += CHANGED_EVERY) sandbox.mutateProduct(sku(i), { price: `${100 + (i % 900)}.40` });
    const readAlone = await run('read');
    const applied = await run('apply');
    const replan = await run('plan');

    const target = 2 * Math.ceil(changed / PAGE_LIMIT) + 4;
    const written = changed;
    const replanTarget = 2 * Math.ceil(written / PAGE_LIMIT) + 4;
    process.stdout.write(
      [
        `scope of ${SKUS} SKUs, ${changed} changed remotely, ${PAGE_LIMIT} per page:`,
        line('first plan (no snapshot, full read)', first),
        line('plan from snapshot + changes', incremental),
        `    target: ≤ ${target} product requests, CPU ≤ 3000 ms, peak RSS ≤ 600 MB`,
        line('plan --full-read, same scope', full),
        `  of which the incremental read alone (load snapshot, read and verify changes, save snapshot): ` +
          `${readAlone.requests} product requests, ${readAlone.loadCpuMs} ms CPU, ${readAlone.wallMs} ms wall, ${readAlone.records} records`,
        `  snapshot: ${load.records} records, ${((load.bytes ?? 0) / 1e6).toFixed(1)} MB on disk (target ≤ 60 MB), ` +
          `loaded in ${load.wallMs} ms wall, ${load.loadCpuMs} ms CPU in a fresh process (target ≤ 1000 ms)`,
        line(`apply of the ${written} changes`, applied),
        line('clean re-plan right after apply', replan),
        `    target: ≤ ${replanTarget} product requests`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.close();
    if (process.env.BENCH_INCREMENTAL_KEEP) process.stdout.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
