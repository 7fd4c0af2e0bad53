/** The narrow part of a command's IO that a pipeline run may use: never its streams as such. */
import type { RunContext } from '../pipeline/context.js';
import type { CommandIO } from './io.js';

/**
 * `onWait`: the view that shows the client's waits (see views/wait-status.ts). On a terminal a
 * warning or debug line first clears the live progress line it would otherwise be glued to
 * (the live line is drawn again on its next tick).
 */
export function runContextOf(io: CommandIO, views: Pick<RunContext, 'onWait'> = {}): RunContext {
  const lineStart = io.stderr.isTTY === true ? '\r\x1b[2K' : '';
  return {
    env: io.env,
    signal: io.signal,
    warn: (message) => io.stderr.write(`${lineStart}Warning: ${message}\n`),
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`${lineStart}${line}\n`) } : {}),
    ...(views.onWait ? { onWait: views.onWait } : {}),
  };
}
