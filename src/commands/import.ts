import type { CommandIO } from './io.js';

export interface ImportOptions {
  dir: string;
  skuPrefix: string[];
  category: string[];
  feeds?: boolean;
  force?: boolean;
  url?: string;
}

export async function runImport(_opts: ImportOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf import: not available yet\n');
  return 1;
}
