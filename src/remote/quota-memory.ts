/**
 * Quota memory across processes: `<repo>/.shelf/quota.json` remembers when requests of recent
 * shelf runs were counted, per API origin and quota resource, so the next process starts with
 * those slots taken. Seller Center counts any 60 s window across processes, so without it
 * `shelf plan` followed at once by `shelf apply` could draw a 429 with shelf the only client.
 *
 * The file holds epoch milliseconds (the limiter's clock is `performance.now()`, which does not
 * carry over between processes), the base URL's origin and the resource: never the token.
 * Each process writes only its own entry (keyed by a writer id) and keeps the other writers'
 * entries still inside their window, so a plan running beside an apply does not erase what the
 * apply recorded. A run saves its entry while it goes on (QuotaMemoryWriter: after write
 * requests, otherwise throttled) and once more when its client closes, so even a killed
 * process leaves its slots behind. Writes go to a temporary file renamed over the old one. The
 * memory is a courtesy to the quota: a missing, unreadable, corrupt or foreign-version file is ignored.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QuotaResource, RateLimit } from '../model/settings.js';
import { windowMargin } from './quota.js';
import { replaceFile } from './replace-file.js';

export const QUOTA_MEMORY_VERSION = 1;
const RESOURCES: readonly QuotaResource[] = ['products', 'categories', 'packages', 'claims'];

/** Where a repository keeps its quota memory. */
export function quotaMemoryPath(root: string): string {
  return join(root, '.shelf', 'quota.json');
}

/** One writer's requests of one resource at one API origin. */
export interface QuotaMemoryEntry {
  origin: string;
  resource: QuotaResource;
  writer: string;
  window_ms: number;
  /** Epoch milliseconds from which the server may have counted each request, ascending. */
  counted_at: number[];
}

interface QuotaMemoryFile {
  shelf_quota_memory: number;
  entries: QuotaMemoryEntry[];
}

/** What one process has to remember of one resource: its own requests, on the limiter's clock. */
export interface OwnSlots {
  resource: QuotaResource;
  windowMs: number;
  /** `performance.now()` times (see RollingWindowQuota.countedTimes). */
  countedAt: number[];
}

/** A writer id for this process: distinguishes its entry from those of other runs. */
export function newWriterId(): string {
  return `${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Epoch milliseconds minus `performance.now()`: converts between the two clocks. */
export function epochOffset(): number {
  return Date.now() - performance.now();
}

function expiresAt(at: number, windowMs: number): number {
  return at + windowMs + windowMargin(windowMs);
}

function isEntry(value: unknown): value is QuotaMemoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.origin === 'string' &&
    typeof e.writer === 'string' &&
    RESOURCES.includes(e.resource as QuotaResource) &&
    typeof e.window_ms === 'number' &&
    Number.isFinite(e.window_ms) &&
    e.window_ms > 0 &&
    Array.isArray(e.counted_at) &&
    e.counted_at.every((t) => typeof t === 'number' && Number.isFinite(t))
  );
}

/** The entries of a memory file's text; nothing when it is not a memory file of this version. */
export function parseQuotaMemory(text: string): QuotaMemoryEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const file = doc as Partial<QuotaMemoryFile>;
  if (file.shelf_quota_memory !== QUOTA_MEMORY_VERSION || !Array.isArray(file.entries)) return [];
  return file.entries.filter(isEntry);
}

/** Entries with the requests that have left their window dropped (and entries left empty). */
function unexpired(entries: readonly QuotaMemoryEntry[], now: number): QuotaMemoryEntry[] {
  const out: QuotaMemoryEntry[] = [];
  for (const e of entries) {
    const counted = e.counted_at.filter((at) => expiresAt(Math.min(at, now), e.window_ms) > now);
    if (counted.length > 0) out.push({ ...e, counted_at: counted });
  }
  return out;
}

/**
 * The slots remembered for an origin, per resource: for each, the time (on `performance.now()`'s
 * clock) from which this process may use it again, by this process's own quotas. A time in the
 * future (another machine's clock, a hand-edited file) counts as now, so nothing blocks longer
 * than one window.
 */
export function rememberedSlots(
  file: string,
  origin: string,
  limits: Partial<Record<QuotaResource, RateLimit>>,
  now = Date.now(),
  offset = epochOffset(),
): Partial<Record<QuotaResource, number[]>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const out: Partial<Record<QuotaResource, number[]>> = {};
  for (const entry of parseQuotaMemory(text)) {
    const limit = limits[entry.resource];
    if (entry.origin !== origin || !limit) continue;
    for (const at of entry.counted_at) {
      const until = expiresAt(Math.min(at, now), limit.windowMs);
      if (until > now) (out[entry.resource] ??= []).push(until - offset);
    }
  }
  return out;
}

/**
 * Records this process's own slots (replacing what it recorded before), keeps every other
 * writer's slots still inside their window, and drops the rest. Never throws: the memory only
 * spares the quota, and a run must not fail because `.shelf/` is not writable.
 */
export async function saveQuotaMemory(
  file: string,
  origin: string,
  writer: string,
  own: readonly OwnSlots[],
  now = Date.now(),
  offset = epochOffset(),
): Promise<{ saved: boolean; error?: string }> {
  try {
    const onDisk = parseQuotaMemory(await readFile(file, 'utf8').catch(() => ''));
    const others = onDisk.filter((e) => e.writer !== writer);
    const mine: QuotaMemoryEntry[] = own.map((slots) => ({
      origin,
      resource: slots.resource,
      writer,
      window_ms: slots.windowMs,
      counted_at: slots.countedAt.map((t) => Math.ceil(t + offset)).sort((a, b) => a - b),
    }));
    const entries = unexpired([...others, ...mine], now);
    // Nothing to remember and nothing to forget: leave the repository as it is.
    if (entries.length === 0 && onDisk.length === 0) return { saved: false };
    const doc: QuotaMemoryFile = { shelf_quota_memory: QUOTA_MEMORY_VERSION, entries };
    await replaceFile(file, `${JSON.stringify(doc, null, 1)}\n`);
    return { saved: true };
  } catch (err) {
    return { saved: false, error: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

export interface QuotaMemoryWriterOptions {
  file: string;
  origin: string;
  writer: string;
  /** This process's own slots, read at the moment of each save. */
  own: () => OwnSlots[];
  /** Shortest gap between two saves prompted by answered reads and polls (default 1000 ms). */
  intervalMs?: number;
  /** Whether the memory may be written now (default: always). */
  enabled?: () => boolean;
  /** A save failed (the error code); reported once per distinct code. */
  onError?: (code: string) => void;
}

/**
 * Keeps the quota memory current while a run goes on, so a process killed outright (`kill -9`,
 * a cancelled CI job) still leaves its slots to the next one instead of only on `close()`.
 * Saves run in the background and never hold up a request: right after a write request's
 * answer (writes are the expensive requests), and at most once per interval for other answers.
 * One save runs at a time (each writes the same temporary file); answers that arrive while it
 * runs are covered by one more save after it, so a burst of requests costs a few saves.
 */
export class QuotaMemoryWriter {
  private readonly options: QuotaMemoryWriterOptions;
  private readonly intervalMs: number;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStarted = Number.NEGATIVE_INFINITY;
  /** Requests were answered since the last save started. */
  private dirty = false;
  /** One of them was a write: save without waiting for the interval. */
  private urgent = false;
  private closed = false;
  private readonly reported = new Set<string>();

  constructor(options: QuotaMemoryWriterOptions) {
    this.options = options;
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** A request was answered (or failed): its slot is worth remembering. Returns at once. */
  answered(write: boolean): void {
    if (this.closed) return;
    this.dirty = true;
    if (write) this.urgent = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.running || !this.dirty || this.closed) return;
    const wait = this.urgent ? 0 : this.lastStarted + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.clearTimer();
      this.start();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      // A pending save alone must not keep the process alive: close() saves anyway.
      this.timer.unref();
    }
  }

  private start(): void {
    this.dirty = false;
    this.urgent = false;
    this.lastStarted = performance.now();
    this.running = this.save().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async save(): Promise<void> {
    if (this.options.enabled && !this.options.enabled()) return;
    const { file, origin, writer, own } = this.options;
    const { error } = await saveQuotaMemory(file, origin, writer, own());
    if (error && !this.reported.has(error)) {
      this.reported.add(error);
      this.options.onError?.(error);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the background saves and records the slots one last time (when enabled). */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.running;
    await this.save();
  }
}
