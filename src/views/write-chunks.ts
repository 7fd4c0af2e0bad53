/**
 * Writes text made in pieces, gathered into writes of about 64 KB: a large plan goes out
 * without ever being one string, and without a write call per line.
 */
import type { TextOut } from './output.js';

const WRITE_CHARS = 64 * 1024;

export function writeChunks(stream: TextOut, chunks: Iterable<string>): void {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_CHARS) {
      stream.write(pending);
      pending = '';
    }
  }
  if (pending !== '') stream.write(pending);
}
