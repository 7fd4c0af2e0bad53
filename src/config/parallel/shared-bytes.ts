/**
 * A catalog file's bytes in shared memory. The parse workers receive every job's bytes in one
 * message: bytes in an ordinary buffer are copied into each worker (26 MB per worker for a
 * 100,000-SKU file, held until it exits), bytes in a SharedArrayBuffer are seen by all threads.
 */
import { open } from 'node:fs/promises';

export async function readFileShared(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    // A file that shrank while read: what it still holds, as readFile would return.
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}
