import type { CommandIO } from './io.js';

export interface SandboxOptions {
  port: string;
  seed?: string;
  timeScale: string;
  faults?: string;
  token?: string;
}

export async function runSandbox(_opts: SandboxOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf sandbox: not available yet\n');
  return 1;
}
