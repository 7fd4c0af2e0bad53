/**
 * The built CLI, as end-to-end tests run it: `dist/cli/shelf.js` in a Node process of its own.
 * `npm test` builds it first; running a test file alone needs `npm run build`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PACKAGE_ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'shelf.js');

export function cliBuilt(): boolean {
  return existsSync(CLI);
}

/** For a `beforeAll`: a missing build is a failure that says what to do, not a skipped file. */
export function requireBuiltCli(): void {
  if (!cliBuilt()) throw new Error('build first: npm run build (these tests run dist/cli/shelf.js)');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with only PATH, NO_COLOR and `env` in its environment; never rejects. */
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
