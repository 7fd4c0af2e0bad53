import type { CommandIO } from './io.js';

export interface PlanOptions {
  dir: string;
  out?: string;
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
  target: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

export async function runPlan(_opts: PlanOptions, io: CommandIO): Promise<number> {
  io.stderr.write('shelf plan: not available yet\n');
  return 1;
}
