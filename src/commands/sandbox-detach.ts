/**
 * `shelf sandbox --detach`: starts the sandbox as a background process and returns once it is
 * listening, printing its export lines (and its pid). `eval "$(shelf sandbox --detach)"` is
 * race-free, unlike starting it with `&` and guessing how long to sleep before reading them.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { packageFile } from '../package-info.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';
import type { SandboxOptions } from './sandbox.js';

/** The sandbox's export lines: its URL, its token, its time scale. */
const EXPORT_LINES = 3;

export async function runSandboxDetached(opts: SandboxOptions, io: CommandIO): Promise<number> {
  const args = ['sandbox', '--port', opts.port, '--time-scale', opts.timeScale];
  if (opts.seed !== undefined) args.push('--seed', resolve(io.cwd, opts.seed));
  if (opts.faults !== undefined) args.push('--faults', opts.faults);
  const log = join(tmpdir(), `shelf-sandbox-${process.pid}-${Date.now()}.log`);
  const child = spawn(process.execPath, [packageFile('dist', 'cli', 'shelf.js'), ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', openSync(log, 'a')],
    env: io.env,
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<void>((done) => {
    const reader = createInterface({ input: child.stdout! });
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === EXPORT_LINES) {
        reader.close();
        done();
      }
    });
  });
  const code = await Promise.race([ready.then(() => 'ready' as const), exited]);
  if (code !== 'ready') {
    io.stderr.write(`Error: the sandbox stopped before it was ready (exit ${code}); its log is ${log}\n`);
    return EXIT_ERROR;
  }
  child.stdout!.destroy();
  child.unref();
  for (const line of lines) io.stdout.write(`${line}\n`);
  io.stdout.write(`export SHELF_SANDBOX_PID=${child.pid}\n`);
  io.stderr.write(`Sandbox running in the background (pid ${child.pid}); its log is ${log}. Stop it with: kill $SHELF_SANDBOX_PID\n`);
  return EXIT_OK;
}
