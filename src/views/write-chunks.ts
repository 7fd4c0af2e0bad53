/**
 * Writes text made in pieces, gathered into writes of about 64 KB: a large plan goes out
 * without ever being one string, and without a write call per line.
 */
import type { TextOut } from './output.js';

const WRITE_CHARS = 64 * 1024;

export class ChunkedWriter {
  private pending = '';

  constructor(private readonly stream: TextOut) {}

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= WRITE_CHARS) this.flush();
  }

  flush(): void {
    if (this.pending !== '') this.stream.write(this.pending);
    this.pending = '';
  }
}

export function writeChunks(stream: TextOut, chunks: Iterable<string>): void {
  const writer = new ChunkedWriter(stream);
  for (const chunk of chunks) writer.add(chunk);
  writer.flush();
}
