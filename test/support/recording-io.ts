/** A CommandIO that writes into strings, for calling commands in-process in tests. */
import { Readable, Writable } from 'node:stream';
import type { CommandIO } from '../../src/commands/io.js';

export interface RecordedIO extends CommandIO {
  out(): string;
  err(): string;
}

export function recordingIO(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  opts: { signal?: AbortSignal; tty?: boolean } = {},
): RecordedIO {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = Readable.from([]) as Readable & { isTTY?: boolean };
  if (opts.tty) stdin.isTTY = true;
  return {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    stdin,
    env,
    cwd,
    color: false,
    debug: false,
    signal: opts.signal ?? new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}
