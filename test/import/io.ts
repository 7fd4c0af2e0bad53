import { PassThrough, Writable } from 'node:stream';
import type { CommandIO } from '../../src/commands/io.js';

/** A CommandIO writing into strings, for calling commands in-process. */
export function bufferedIO(cwd: string, env: NodeJS.ProcessEnv = {}): CommandIO & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    stdin: new PassThrough(),
    env,
    cwd,
    color: false,
    debug: false,
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}
