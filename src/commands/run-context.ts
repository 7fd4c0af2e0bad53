/** The narrow part of a command's IO that a pipeline run may use: never its streams as such. */
import type { RunContext } from '../pipeline/context.js';
import type { CommandIO } from './io.js';

/** `onWait`: the view that shows the client's waits (see views/wait-status.ts). */
export function runContextOf(io: CommandIO, views: Pick<RunContext, 'onWait'> = {}): RunContext {
  return {
    env: io.env,
    signal: io.signal,
    warn: (message) => io.stderr.write(`Warning: ${message}\n`),
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    ...(views.onWait ? { onWait: views.onWait } : {}),
  };
}
