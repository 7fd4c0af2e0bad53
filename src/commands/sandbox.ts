/**
 * `shelf sandbox`: runs the Seller Center emulator on 127.0.0.1, seeded from a catalog
 * repository, until interrupted. stdout carries only the `export` lines (URL, token, time scale;
 * `eval` them); everything else goes to stderr. `--detach` returns once it listens.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatSource } from '../model/source.js';
import { packageFile } from '../package-info.js';
import { createSandbox, type RequestLogEntry, startSandboxServer } from '../sandbox/index.js';
import { seedFromCatalog } from '../sandbox/seed-from-catalog.js';
import { plural } from '../views/plural.js';
import { parseSandboxSpec } from '../sandbox/spec.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import { runSandboxDetached } from './sandbox-detach.js';

export interface SandboxOptions {
  port: string;
  seed?: string;
  timeScale: string;
  faults?: string;
  detach?: boolean;
}

function logLine(entry: RequestLogEntry): string {
  const marks = [entry.throttled ? 'throttled' : '', entry.fault ? `fault=${entry.fault}` : ''].filter((m) => m !== '');
  const status = entry.status === 0 ? '---' : String(entry.status);
  return `${entry.time.slice(11, 23)} ${entry.method} ${entry.path} ${status}${marks.length ? ` ${marks.join(' ')}` : ''}\n`;
}

function parseOptions(opts: SandboxOptions): { port: number; timeScale: number; errors: string[] } {
  const errors: string[] = [];
  const port = Number(opts.port);
  if (!/^\d+$/.test(opts.port) || port > 65535) errors.push(`--port ${opts.port}: expected a port number (0 picks a free one)`);
  const timeScale = Number(opts.timeScale);
  if (!Number.isFinite(timeScale) || timeScale <= 0) errors.push(`--time-scale ${opts.timeScale}: expected a positive number`);
  return { port, timeScale, errors };
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }));
}

export async function runSandbox(opts: SandboxOptions, io: CommandIO): Promise<number> {
  const { port, timeScale, errors } = parseOptions(opts);
  if (opts.detach && errors.length === 0) return runSandboxDetached({ ...opts, detach: false }, io);
  const spec = parseSandboxSpec(opts.faults);
  errors.push(...spec.errors.map((e) => `--faults ${e}`));
  const seedDir = opts.seed === undefined ? packageFile('examples', 'fashion') : resolve(io.cwd, opts.seed);
  if (opts.seed !== undefined && !existsSync(seedDir)) errors.push(`--seed ${opts.seed}: no such directory`);
  if (errors.length > 0) {
    for (const e of errors) io.stderr.write(`Error: ${e}\n`);
    return EXIT_ERROR;
  }

  // The sandbox's own token comes from the environment, never from a flag (a flag shows in `ps`).
  const token = io.env.SHELF_SANDBOX_TOKEN;
  const sandbox = createSandbox({
    token: token === undefined || token === '' ? undefined : token,
    timeScale,
    faults: spec.faults,
    variants: spec.variants,
    ...(spec.clockSkewMs !== undefined ? { clockSkewMs: spec.clockSkewMs } : {}),
    onRequest: (entry) => io.stderr.write(logLine(entry)),
  });
  if (existsSync(seedDir)) {
    const seeded = await seedFromCatalog(sandbox, seedDir);
    const problems = seeded.diagnostics.filter((d) => d.severity === 'error');
    for (const d of problems) {
      io.stderr.write(`Warning: seed catalog: ${d.summary}${d.source ? ` (${formatSource(d.source)})` : ''}\n`);
    }
    io.stderr.write(`Seeded ${plural(seeded.seeded, 'product')} from ${seedDir}\n`);
    for (const s of seeded.skipped) {
      const messages = s.errors.flatMap((e) => Object.entries(e).map(([field, m]) => `${field}: ${m}`));
      io.stderr.write(`  not seeded (the API rejects it): ${s.sku}: ${messages.join('; ')}\n`);
    }
  }

  let server: Awaited<ReturnType<typeof startSandboxServer>>;
  try {
    server = await startSandboxServer(sandbox, { port, separateFilesOrigin: spec.separateFilesOrigin });
  } catch (err) {
    io.stderr.write(`Error: cannot listen on 127.0.0.1:${port}: ${(err as Error).message}\n`);
    return EXIT_ERROR;
  }
  io.stdout.write(`export SHELF_URL=${server.url}\n`);
  io.stdout.write(`export SHELF_TOKEN=${sandbox.token}\n`);
  // shelf paces its requests to the quotas of this sandbox's scaled time (loopback only).
  io.stdout.write(`export SHELF_SANDBOX_TIME_SCALE=${timeScale}\n`);
  const scale = timeScale === 1 ? 'real quotas' : `time scale ${timeScale}`;
  io.stderr.write(`Seller Center sandbox on ${server.url} (${scale}); control API under /__sandbox/. Ctrl-C stops.\n`);

  await waitForAbort(io.signal);
  await server.close();
  io.stderr.write('Sandbox stopped.\n');
  return EXIT_OK;
}
