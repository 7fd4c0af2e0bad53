import type { CommandIO } from './io.js';

export interface InitOptions {
  dir: string;
  force?: boolean;
}

export async function runInit(_opts: InitOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf init: not available yet\n');
  return 1;
}
