/**
 * One apply at a time per repository: `<repo>/.shelf/apply.lock` holds the owner's pid. A lock
 * left by a process that no longer exists (say after kill -9) is taken over.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shelfDir } from './journal.js';

export interface ApplyLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns the lock, or the pid of the apply that holds it. */
export async function acquireApplyLock(root: string): Promise<{ lock?: ApplyLock; heldBy?: number }> {
  await mkdir(shelfDir(root), { recursive: true });
  const path = join(shelfDir(root), 'apply.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        lock: {
          release: async () => {
            await unlink(path).catch(() => undefined);
          },
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) return { heldBy: pid };
      await unlink(path).catch(() => undefined);
    }
  }
  return { heldBy: -1 };
}
