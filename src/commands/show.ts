import type { CommandIO } from './io.js';

export interface ShowOptions {
  file: string;
  json?: boolean;
}

export async function runShow(_opts: ShowOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf show: not available yet\n');
  return 1;
}
