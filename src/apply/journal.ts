/**
 * The apply journal: `<repo>/.shelf/journal.jsonl`, append-only JSON lines, fsync'd before and
 * after every submit. If shelf dies between submitting a batch and learning its outcome, the
 * next apply finds the batch here and collects its result instead of submitting it again.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchKind, BatchState } from '../remote/types.js';

export type JournalEntry =
  | { type: 'intent'; id: string; kind: BatchKind; skus: string[]; at: string }
  | { type: 'submitted'; id: string; batchId: string; kind: BatchKind; skus: string[]; at: string }
  | { type: 'submit-failed'; id: string; message: string; at: string }
  | { type: 'finished'; batchId: string; state: BatchState; at: string };

export interface OpenBatch {
  batchId: string;
  kind: BatchKind;
  skus: string[];
}

/** What a previous run left unfinished. */
export interface JournalBacklog {
  /** Submitted, outcome never recorded: collect these. */
  batches: OpenBatch[];
  /** Submit started, no answer recorded: the API may or may not have the batch. */
  uncertain: { id: string; kind: BatchKind; skus: string[] }[];
}

export function shelfDir(root: string): string {
  return join(root, '.shelf');
}

export function journalPath(root: string): string {
  return join(shelfDir(root), 'journal.jsonl');
}

export async function readJournalBacklog(root: string): Promise<JournalBacklog> {
  let text: string;
  try {
    text = await readFile(journalPath(root), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { batches: [], uncertain: [] };
    throw err;
  }
  const intents = new Map<string, { kind: BatchKind; skus: string[] }>();
  const open = new Map<string, OpenBatch>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue; // a line torn by a crash mid-write carries nothing that was fsync'd as complete
    }
    if (entry.type === 'intent') intents.set(entry.id, { kind: entry.kind, skus: entry.skus });
    else if (entry.type === 'submitted') {
      intents.delete(entry.id);
      open.set(entry.batchId, { batchId: entry.batchId, kind: entry.kind, skus: entry.skus });
    } else if (entry.type === 'submit-failed') intents.delete(entry.id);
    else if (entry.type === 'finished') open.delete(entry.batchId);
  }
  return { batches: [...open.values()], uncertain: [...intents].map(([id, i]) => ({ id, ...i })) };
}

/**
 * A crash mid-append leaves a last line without its newline. Appending straight after it would
 * glue the next entry onto the torn fragment, and both would be unreadable: the next entry (a
 * batch id the API accepted!) would be lost. So the torn line is ended first.
 */
async function endTornLine(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) {
    await handle.write('\n');
    await handle.sync();
  }
}

/** An open journal for one apply run. */
export class Journal {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  /**
   * Opens the journal for appending. When nothing is left open from earlier runs the old
   * lines carry no information, so the file is started afresh (atomically).
   */
  static async open(root: string, opts: { compact: boolean }): Promise<Journal> {
    await mkdir(shelfDir(root), { recursive: true });
    const path = journalPath(root);
    if (opts.compact) {
      await writeFile(`${path}.tmp`, '');
      await rename(`${path}.tmp`, path);
    }
    const handle = await open(path, 'a+');
    await endTornLine(handle);
    return new Journal(handle, path);
  }

  private async append(entry: JournalEntry): Promise<void> {
    await this.handle.write(`${JSON.stringify(entry)}\n`);
    await this.handle.sync();
  }

  /** Recorded (and on disk) before the request leaves; returns the id linking it to its answer. */
  async intent(kind: BatchKind, skus: string[]): Promise<string> {
    const id = randomUUID();
    await this.append({ type: 'intent', id, kind, skus, at: new Date().toISOString() });
    return id;
  }

  async submitted(id: string, batchId: string, kind: BatchKind, skus: string[]): Promise<void> {
    await this.append({ type: 'submitted', id, batchId, kind, skus, at: new Date().toISOString() });
  }

  async submitFailed(id: string, message: string): Promise<void> {
    await this.append({ type: 'submit-failed', id, message, at: new Date().toISOString() });
  }

  async finished(batchId: string, state: BatchState): Promise<void> {
    await this.append({ type: 'finished', batchId, state, at: new Date().toISOString() });
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
