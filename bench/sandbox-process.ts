/**
 * `shelf sandbox` in its own process (as a user runs it), so its work does not share the
 * benchmark's event loop; resolves once it has printed its URL and token.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli/shelf.js', import.meta.url));

export async function startSandboxProcess(
  seedRepo: string,
  timeScale: number,
  extraArgs: readonly string[] = [],
): Promise<{ url: string; token: string; child: ChildProcess }> {
  const args = [CLI, 'sandbox', '--port', '0', '--time-scale', String(timeScale), '--seed', seedRepo, ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const url = /export SHELF_URL=(\S+)/.exec(out)?.[1];
    const token = /export SHELF_TOKEN=(\S+)/.exec(out)?.[1];
    if (url && token) return { url, token, child };
  }
  throw new Error('the sandbox did not start');
}
