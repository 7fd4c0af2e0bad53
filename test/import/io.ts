import { type RecordedIO, recordingIO } from '../support/recording-io.js';

/** A CommandIO writing into strings, for calling commands in-process. */
export function bufferedIO(cwd: string, env: NodeJS.ProcessEnv = {}): RecordedIO {
  return recordingIO(cwd, env);
}
