/**
 * Writes a file whole or not at all: the text goes to a temporary file beside it (named for this
 * process and this write, so concurrent runs never share one), which is then renamed over the
 * file. A killed run leaves the old file or the new one, never half of either.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** `data` may come in parts, written one after the other (a large file need not be joined first). */
export async function replaceFile(file: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      // writeFile on a handle writes all of each part, from where the last one ended.
      for (const part of typeof data === 'string' || data instanceof Uint8Array ? [data] : data) await handle.writeFile(part);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw err;
  }
}
