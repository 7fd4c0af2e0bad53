/**
 * The apply journal: `<repo>/.shelf/journal.jsonl`, append-only JSON lines, fsync'd before and
 * after every submit. If shelf dies between submitting a batch and learning its outcome, the
 * next apply finds the batch here and collects its result instead of submitting it again.
 *
 * Each entry names the API origin it was made against: batch ids mean something only there.
 * A later apply against another origin leaves those entries alone (and keeps them for when
 * shelf applies to that origin again). Entries without an origin come from before origins
 * were recorded and count as the current origin's.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchKind, BatchState } from '../remote/types.js';

type Entry =
  | { type: 'intent'; id: string; kind: BatchKind; skus: string[]; at: string }
  | { type: 'submitted'; id: string; batchId: string; kind: BatchKind; skus: string[]; at: string }
  | { type: 'submit-failed'; id: string; message: string; at: string }
  | { type: 'finished'; batchId: string; state: BatchState; at: string };
export type JournalEntry = Entry & { origin?: string };

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
  uncertain: { id: string; kind: BatchKind; skus: string[]; at?: string }[];
  /** Work left open against other API origins: not touched here, kept for those origins. */
  elsewhere?: { origin: string; batches: number; records: number }[];
}

export function shelfDir(root: string): string {
  return join(root, '.shelf');
}

export function journalPath(root: string): string {
  return join(shelfDir(root), 'journal.jsonl');
}

/** What is left open in the journal; with `origin`, only that origin's work (the rest is `elsewhere`). */
export async function readJournalBacklog(root: string, origin?: string): Promise<JournalBacklog> {
  let text: string;
  try {
    text = await readFile(journalPath(root), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { batches: [], uncertain: [] };
    throw err;
  }
  // Keyed by origin too: two origins (a restarted sandbox) may hand out the same batch ids.
  const key = (entryOrigin: string | undefined, id: string) => `${entryOrigin ?? origin ?? ''}\0${id}`;
  const intents = new Map<string, { id: string; origin: string | undefined; kind: BatchKind; skus: string[]; at: string }>();
  const open = new Map<string, OpenBatch & { origin: string | undefined }>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue; // a line torn by a crash mid-write carries nothing that was fsync'd as complete
    }
    const o = entry.origin;
    if (entry.type === 'intent') intents.set(key(o, entry.id), { id: entry.id, origin: o, kind: entry.kind, skus: entry.skus, at: entry.at });
    else if (entry.type === 'submitted') {
      intents.delete(key(o, entry.id));
      open.set(key(o, entry.batchId), { batchId: entry.batchId, kind: entry.kind, skus: entry.skus, origin: o });
    } else if (entry.type === 'submit-failed') intents.delete(key(o, entry.id));
    else if (entry.type === 'finished') open.delete(key(o, entry.batchId));
  }
  const here = (o: string | undefined) => origin === undefined || o === undefined || o === origin;
  const backlog: JournalBacklog = {
    batches: [...open.values()].filter((b) => here(b.origin)).map(({ batchId, kind, skus }) => ({ batchId, kind, skus })),
    uncertain: [...intents.values()].filter((i) => here(i.origin)).map(({ id, kind, skus, at }) => ({ id, kind, skus, at })),
  };
  const elsewhere = new Map<string, { origin: string; batches: number; records: number }>();
  for (const item of [...open.values(), ...intents.values()]) {
    if (here(item.origin)) continue;
    const e = elsewhere.get(item.origin!) ?? { origin: item.origin!, batches: 0, records: 0 };
    e.batches += 1;
    e.records += item.skus.length;
    elsewhere.set(item.origin!, e);
  }
  if (elsewhere.size > 0) backlog.elsewhere = [...elsewhere.values()];
  return backlog;
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

/** What the executor writes to the journal (an interface, so a test can make writes fail). */
export interface JournalWriter {
  intent(kind: BatchKind, skus: string[]): Promise<string>;
  submitted(id: string, batchId: string, kind: BatchKind, skus: string[]): Promise<void>;
  submitFailed(id: string, message: string): Promise<void>;
  finished(batchId: string, state: BatchState): Promise<void>;
}

/** An open journal for one apply run. */
export class Journal implements JournalWriter {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly origin: string | undefined,
  ) {}

  /**
   * Opens the journal for appending. When nothing is left open from earlier runs the old
   * lines carry no information, so the file is started afresh (atomically).
   */
  static async open(root: string, opts: { compact: boolean; origin?: string }): Promise<Journal> {
    await mkdir(shelfDir(root), { recursive: true });
    const path = journalPath(root);
    if (opts.compact) {
      await writeFile(`${path}.tmp`, '');
      await rename(`${path}.tmp`, path);
    }
    const handle = await open(path, 'a+');
    await endTornLine(handle);
    return new Journal(handle, path, opts.origin);
  }

  private async append(entry: Entry): Promise<void> {
    const line: JournalEntry = this.origin ? { ...entry, origin: this.origin } : entry;
    await this.handle.write(`${JSON.stringify(line)}\n`);
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
