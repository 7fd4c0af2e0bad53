/** Throw-away catalog repositories for config tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';

const made: string[] = [];

/** Writes `files` (paths relative to the repository root) into a new temporary directory. */
export function makeRepo(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-config-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function removeRepos(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
