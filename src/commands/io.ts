/**
 * What a command may touch of the outside world. The CLI passes the real process streams;
 * tests pass buffers, so commands never call `process.exit` or write to `process.stdout`.
 */
import type { TextOut } from '../views/output.js';

export interface CommandIO {
  stdout: TextOut;
  stderr: TextOut;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colours allowed (not NO_COLOR, not --no-color, and stdout is a terminal). */
  color: boolean;
  /** --debug: trace HTTP exchanges to stderr. */
  debug: boolean;
  /** Aborted on SIGINT/SIGTERM: stop starting new work, report, exit non-zero. */
  signal: AbortSignal;
}

/** Exit codes of the contract. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
