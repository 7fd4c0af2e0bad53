import type { CommandIO } from './io.js';

export interface ApplyOptions {
  /** A catalog repository directory, or a plan file saved with `plan --out`. */
  path: string;
  autoApprove?: boolean;
  json?: boolean;
  target: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

export async function runApply(_opts: ApplyOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf apply: not available yet\n');
  return 1;
}
