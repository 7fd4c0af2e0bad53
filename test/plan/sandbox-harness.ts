/**
 * End-to-end harness: a sandbox over loopback HTTP, a catalog repository in a temporary
 * directory, and the built CLI (`dist/cmd/shelf.js`) run as a child process against them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingIO } from '../support/recording-io.js';
import { runPlan } from '../../src/commands/plan.js';
import { runShow } from '../../src/commands/show.js';
import type { SandboxOptions } from '../../src/sandbox/options.js';
import { createSandbox, type Sandbox, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';

export const TOKEN = 'e2e-plan-token-4f9a';
export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cmd', 'shelf.js');
/** Sandbox durations run 1000× faster; shelf.yaml scales its quota the same way. */
export const TIME_SCALE = 1000;

export function cliBuilt(): boolean {
  return existsSync(CLI);
}

export interface Harness {
  sandbox: Sandbox;
  server: SandboxServer;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = createSandbox({ token: TOKEN, timeScale: TIME_SCALE, ...options });
  const server = await startSandboxServer(sandbox, { port: 0 });
  return { sandbox, server, close: () => server.close() };
}

/** Writes a catalog repository: shelf.yaml (with a scaled quota) and the given catalog files. */
export function writeRepo(settings: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shelf-plan-e2e-'));
  const quota = `seller_center:\n  rate_limits:\n    products: 10/${60_000 / TIME_SCALE}ms\n    categories: 30/${60_000 / TIME_SCALE}ms\n`;
  writeFileSync(join(root, 'shelf.yaml'), quota + settings);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, cwd?: string): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const CLOTHING = 'c0a80001-0000-4000-8000-000000000001';

/** A YAML product entry. */
export function productYaml(sku: string, extra = ''): string {
  const size = sku.split('-').pop();
  return `  - sku: ${sku}
    base_code: ${sku.split('-').slice(0, 2).join('-')}
    name: Tee ${sku}
    category: ${TSHIRTS}
    attributes: {COLOR: Red, SIZE: ${size}}
    price: "199.90"
    stock: 10
${extra}`;
}

/** The same product as a sandbox seed record. */
export function productSeed(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    sku,
    base_code: sku.split('-').slice(0, 2).join('-'),
    name: `Tee ${sku}`,
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: sku.split('-').pop()! },
    price: '199.9',
    stock: '10',
    ...overrides,
  };
}

/** Runs `plan` or `show` in-process (no Node start-up): for checks that do not need a real process. */
export async function runInProcess(
  command: 'plan' | 'show',
  args: { dir?: string; file?: string; out?: string; json?: boolean; markdown?: boolean; allowDestroy?: boolean; detailedExitcode?: boolean },
  env: Record<string, string>,
): Promise<CliResult> {
  const io = recordingIO(process.cwd(), env);
  const code =
    command === 'plan'
      ? await runPlan({ dir: args.dir!, target: [], ...args }, io)
      : await runShow({ file: args.file!, ...(args.json ? { json: true } : {}) }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
