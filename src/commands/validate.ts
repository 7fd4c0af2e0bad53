import type { CommandIO } from './io.js';

export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

export async function runValidate(_opts: ValidateOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf validate: not available yet\n');
  return 1;
}
