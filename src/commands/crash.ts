import { DiagnosticsError } from '../model/diagnostic.js';

/**
 * Last resort for an exception that escaped a command. Known user-facing errors print their
 * message; anything else is a bug and says so, with the stack only under SHELF_DEBUG_STACK.
 */
export function reportCrash(err: unknown, stderr: NodeJS.WritableStream): number {
  if (err instanceof DiagnosticsError) {
    for (const d of err.diagnostics) stderr.write(`Error: ${d.summary}\n`);
    return 1;
  }
  if (err instanceof UserError) {
    stderr.write(`Error: ${err.message}\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`Error: shelf stopped on an unexpected problem: ${message}\n`);
  if (process.env.SHELF_DEBUG_STACK && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 1;
}

/** An error whose message is meant for the user as it is (no stack, exit 1). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
