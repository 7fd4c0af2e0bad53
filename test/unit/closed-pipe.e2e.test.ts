/**
 * `shelf … | head`: the reader closes the pipe before shelf has written. shelf must finish with
 * its own exit code and no crash report (Node's default is an unhandled EPIPE error event).
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, requireBuiltCli } from '../support/cli.js';

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    // Closed before the process has even started: its first write meets a pipe nobody reads.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('a reader that closes the pipe early', () => {
  beforeAll(requireBuiltCli);

  it.each([['search', '--help'], ['plan', '--help'], ['validate', 'examples/basic']])('leaves `shelf %s %s` its own exit code, without a crash', async (...args) => {
    const res = await runWithClosedStdout(args);
    expect(res.stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(res.code).toBe(0);
  }, 60_000);
});
