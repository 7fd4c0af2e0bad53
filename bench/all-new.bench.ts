/**
 * Benchmark: the first plan and apply of a large seller, 100,000 SKUs none of which Seller
 * Center holds, in one 26 MB YAML file; quotas lifted (sandbox at --time-scale 100000, in its
 * own process), so only local work counts. Runs the built CLI as a user does, each command in a
 * process of its own: `plan --out`, `show` of the plan file, `apply PLANFILE --auto-approve
 * --json`, then `import` of the 100,000 SKUs into an empty directory. Prints wall time, CPU time
 * and peak RSS of each, and the plan file's size beside the YAML's. Never fails on a figure.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAllNewRepo } from './all-new-catalog.js';
import { startSandboxProcess } from './sandbox-process.js';

const SKUS = Number(process.env.BENCH_ALL_NEW_SKUS ?? 100_000);
const SCALE = 100_000;
const CLI = fileURLToPath(new URL('../cli/shelf.js', import.meta.url));
const FIGURES = fileURLToPath(new URL('./exit-figures.js', import.meta.url));

interface Figures {
  code: number | null;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
}

async function shelf(args: string[], env: Record<string, string>, cwd: string): Promise<Figures> {
  const figuresFile = join(cwd, `.figures-${args[0]}.json`);
  // stdout goes to a file, as `> out.txt` would: a plan of 100,000 SKUs prints 44 MB, which a
  // pipe to this process would pace by how fast this process reads it.
  const outFile = join(cwd, `.stdout-${args[0]}.txt`);
  const out = await open(outFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', FIGURES, CLI, ...args], {
    cwd,
    env: { ...process.env, ...env, BENCH_FIGURES_FILE: figuresFile },
    stdio: ['ignore', out.fd, 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-2000)));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const wallMs = Math.round(performance.now() - started);
  await out.close();
  const size = (await stat(outFile)).size;
  const tail = Buffer.alloc(Math.min(size, 2000));
  const reader = await open(outFile, 'r');
  await reader.read(tail, 0, tail.length, size - tail.length);
  await reader.close();
  await rm(outFile);
  const own = JSON.parse(await readFile(figuresFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
  return { code, wallMs, ...own, stdout: tail.toString('utf8'), stderr };
}

const row = (name: string, f: Figures, note = '') =>
  `  ${name.padEnd(30)} exit ${f.code}  wall ${String(f.wallMs).padStart(6)} ms  CPU ${String(f.cpuMs).padStart(6)} ms  peak RSS ${String(f.maxRssMb).padStart(4)} MB (target ≤ 600)${note}`;

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-bench-all-new-'));
  const repo = join(root, 'repo');
  await mkdir(join(root, 'empty', 'catalog'), { recursive: true });
  const yamlBytes = await writeAllNewRepo(repo, SKUS, '100000/s');
  const { url, token, child } = await startSandboxProcess(join(root, 'empty'), SCALE);
  const env = { SHELF_URL: url, SHELF_TOKEN: token, SHELF_SANDBOX_TIME_SCALE: String(SCALE) };
  try {
    const plan = await shelf(['plan', repo, '--out', join(root, 'all.plan')], env, root);
    const planBytes = (await stat(join(root, 'all.plan'))).size;
    const show = await shelf(['show', join(root, 'all.plan')], env, root);
    const apply = await shelf(['apply', join(root, 'all.plan'), '--auto-approve', '--json'], env, root);
    const added = (JSON.parse(apply.stdout.slice(apply.stdout.indexOf('{\n  "format_version"'))) as { summary?: { added: number } }).summary?.added;
    const imported = join(root, 'imported');
    await mkdir(imported);
    await writeFile(join(imported, 'shelf.yaml'), `seller_center:\n  rate_limits:\n    products: 100000/s\n    categories: 100000/s\nscope:\n  sku_prefixes: ["AN-"]\n`);
    const importRun = await shelf(['import', imported], env, root);
    process.stdout.write(
      [
        `all-new: ${SKUS} SKUs in one YAML file of ${yamlBytes} bytes, none in Seller Center; sandbox at --time-scale ${SCALE}`,
        row('plan --out', plan, `  ${plan.stdout.trim().split('\n').find((l) => l.startsWith('Plan:')) ?? plan.stderr.trim()}`),
        `  plan file:                     ${planBytes} bytes = ${((100 * planBytes) / yamlBytes).toFixed(1)} % of the YAML (target ≤ 50 %)`,
        row('show PLANFILE', show, ' (target wall ≤ 3000 ms)'),
        row('apply PLANFILE --json', apply, `  ${added ?? '?'} added`),
        row('import', importRun, `  ${importRun.stdout.split('\n').find((l) => l.startsWith('Imported')) ?? importRun.stderr.trim()}`),
        '',
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    if (process.env.BENCH_ALL_NEW_KEEP) process.stdout.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

await main();
