/** Polling helpers for end-to-end tests that must wait for a file or a server to reach a state. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Resolves once `check` holds; the bound only keeps a broken test from hanging, it asserts no time. */
export async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** True once the repository's journal records a batch the API accepted. */
export const journalHasBatch = (root: string) => async (): Promise<boolean> =>
  (await readFile(join(root, '.shelf', 'journal.jsonl'), 'utf8').catch(() => '')).includes('"type":"submitted"');
