/**
 * Benchmark: `shelf import` of 50,000 remote SKUs from the sandbox, quotas lifted. The sandbox
 * runs in this process; the import runs in a child process of its own (this file with
 * `--child`), so its wall time, CPU time and peak RSS are the import's alone: read (approved and
 * awaiting approval) + group into families + write YAML + read back and diff. Then a second
 * import with --force checks that a re-import writes byte-identical files. Never fails on a figure.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runImport } from '../src/commands/import.js';
import { PAGE_LIMIT } from '../src/remote/list-products.js';
import { CATEGORY_IDS, createSandbox, startSandboxServer } from '../src/sandbox/index.js';

const SKUS = Number(process.env.BENCH_IMPORT_SKUS ?? 50_000);
const TOKEN = 'bench-import-token';
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
const CLOTHING_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['38', '39', '40', '41', '42', '43', '44', '45', '46'];
const NAMES = ['Café Crème', 'Straße', 'Fjäll', 'Kadın', 'Everyday', 'Pocket', 'Linen'];

/** Families of one colour in every size, across the three leaf categories; 10 % awaiting approval. */
function remoteRecords() {
  const records = [];
  let family = 0;
  while (records.length < SKUS) {
    const kind = family % 3;
    const category = kind === 0 ? CATEGORY_IDS.tshirts : kind === 1 ? CATEGORY_IDS.hoodies : CATEGORY_IDS.sneakers;
    const sizes = kind === 2 ? SHOE_SIZES : CLOTHING_SIZES;
    const color = COLORS[family % COLORS.length] as string;
    const base = `IB-${String(family).padStart(5, '0')}`;
    for (const [v, size] of sizes.entries()) {
      if (records.length >= SKUS) break;
      records.push({
        sku: `${base}-${size}`,
        base_code: base,
        name: `${NAMES[family % NAMES.length]} ${kind === 2 ? 'Runner' : 'Tee'} ${family}`,
        category,
        attributes: { COLOR: color, SIZE: size, ...(kind === 2 ? { ESTIMATED_SHIPPING_DURATION: 2 } : {}) },
        images: [`https://cdn.example.com/bench/${base}.jpg`],
        price: v === sizes.length - 1 ? `${120 + (family % 300)}.90` : `${100 + (family % 300)}.90`,
        stock: (family * 7 + v) % 40,
        approved: family % 10 !== 0,
      });
    }
    family += 1;
  }
  return records;
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

/** Child mode: one `shelf import` in this process, then its own figures as one JSON line. */
async function child(dir: string, url: string, force: boolean): Promise<void> {
  const errors: string[] = [];
  const stderr = new Writable({
    write(chunk, _enc, done) {
      errors.push(String(chunk));
      done();
    },
  });
  const wall = performance.now();
  const code = await runImport(
    { dir, skuPrefix: [], category: [], force },
    {
      stdout: sink(),
      stderr,
      stdin: process.stdin,
      env: { SHELF_URL: url, SHELF_TOKEN: TOKEN },
      cwd: process.cwd(),
      color: false,
      debug: false,
      signal: new AbortController().signal,
    },
  );
  const wallMs = Math.round(performance.now() - wall);
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ code, wallMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), stderr: errors.join('') })}\n`,
  );
}

async function runChild(dir: string, url: string, force: boolean) {
  const self = fileURLToPath(import.meta.url);
  const started = performance.now();
  // BENCH_IMPORT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the import process alone.
  const nodeArgs = process.env.BENCH_IMPORT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, self, '--child', dir, url, force ? 'force' : ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of proc.stdout) out += String(chunk);
  await new Promise((done) => proc.on('close', done));
  const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    code: number;
    wallMs: number;
    cpuMs: number;
    maxRssMb: number;
    stderr: string;
  };
  return { ...figures, processMs: Math.round(performance.now() - started) };
}

async function digest(dir: string): Promise<{ files: number; bytes: number; hash: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = (await readdir(join(dir, 'catalog'))).sort();
  for (const f of files) {
    const content = await readFile(join(dir, 'catalog', f));
    bytes += (await stat(join(dir, 'catalog', f))).size;
    hash.update(f).update(content);
  }
  return { files: files.length, bytes, hash: hash.digest('hex').slice(0, 16) };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-import-'));
  const sandbox = createSandbox({ token: TOKEN, rateLimits: { products: null, categories: null }, approvalDelayMs: 1e12 });
  try {
    const records = remoteRecords();
    sandbox.seed({ products: records });
    await writeFile(
      join(root, 'shelf.yaml'),
      'seller_center:\n  rate_limits:\n    products: 1000000/s\n    categories: 1000000/s\nscope:\n  sku_prefixes: ["IB-"]\n',
    );
    const server = await startSandboxServer(sandbox, { port: 0 });
    const first = await runChild(root, server.url, false);
    const requests = sandbox.requestLog().length;
    const listings = sandbox.requestLog().filter((e) => e.method === 'GET' && /\/i2\/products\/(\?|$)/.test(e.path)).length;
    const written = await digest(root);
    const again = await runChild(root, server.url, true);
    const rewritten = await digest(root);
    await server.close();

    const approved = records.filter((r) => r.approved).length;
    const minimum = Math.ceil(approved / PAGE_LIMIT) + Math.ceil((records.length - approved) / PAGE_LIMIT);
    process.stdout.write(
      [
        `import of ${records.length} remote SKUs (${records.length - approved} awaiting approval): exit ${first.code}${first.stderr ? `, stderr: ${first.stderr.trim()}` : ''}`,
        `  wall time:      ${first.wallMs} ms in the command, ${first.processMs} ms for the whole process (target ≤ 10000 ms)`,
        `  CPU time:       ${first.cpuMs} ms`,
        `  peak RSS:       ${first.maxRssMb} MB   (target ≤ 1024 MB)`,
        `  requests:       ${requests} total; ${listings} product listing pages, minimum ${minimum} at ${PAGE_LIMIT} per page`,
        `  written:        ${written.files} files, ${written.bytes} bytes`,
        `  re-import:      exit ${again.code}, ${again.wallMs} ms, files ${rewritten.hash === written.hash ? 'byte-identical' : 'DIFFERENT'} (sha256 ${written.hash})`,
        '',
      ].join('\n'),
    );
  } finally {
    if (process.env.BENCH_IMPORT_KEEP) process.stdout.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as string, process.argv[4] as string, process.argv[5] === 'force');
else await main();
