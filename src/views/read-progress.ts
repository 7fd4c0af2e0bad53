/**
 * Progress of the read of Seller Center (stderr only; never in --json or --markdown output):
 * pages read of the total, products kept, and an ETA. On a terminal, one live line fitted to
 * its width that counts the ETA down and shows the wait under way; otherwise (CI logs) a
 * timestamped line on the first page and then at most every 30 s, so a long read is never
 * silent and a short one prints one line.
 */
import type { RateLimit } from '../model/settings.js';
import { fitParts, stickyFit } from './fit-line.js';
import { isTerminal, type TextOut } from './output.js';
import { formatDuration } from './plan-format.js';
import { systemViewClock, type ViewClock } from './view-clock.js';
import { WAIT_REMINDER_MS, type WaitStatus } from './wait-status.js';

/** How far the read has got (the pipeline's ReadCount: plain data, matched by shape). */
export interface ReadCount {
  products: number;
  pagesRead: number;
  pagesTotal: number;
}

/** What the read of the remote scope tells its progress (the pipeline's ReadProgress, by shape). */
export interface ReadProgressView {
  start(quota: RateLimit): void;
  page(count: ReadCount): void;
  done(): void;
}

export interface ReadProgressOptions {
  /** The waits of the client, shown in the live line. */
  waits?: WaitStatus;
  clock?: ViewClock;
  /** A CI log gets a read line at most this often (default 30 s). */
  lineEveryMs?: number;
}

/**
 * When the read should end: each remaining page after the last at the observed pace, but no
 * sooner than the quota allows (in a rolling window of N requests per W, request k goes out
 * no earlier than floor(k / N) windows after the first).
 */
export function readEtaMs(count: ReadCount, startedAt: number, now: number, quota?: RateLimit): number | undefined {
  const remaining = count.pagesTotal - count.pagesRead;
  if (remaining <= 0 || count.pagesRead === 0) return undefined;
  const perPage = (now - startedAt) / count.pagesRead;
  const observed = remaining * perPage;
  if (!quota || quota.requests <= 0) return observed;
  const byQuota = startedAt + Math.floor((count.pagesTotal - 1) / quota.requests) * quota.windowMs + perPage - now;
  return Math.max(observed, byQuota);
}

/** 12,345 — by hand: the first toLocaleString of a run loads locale data, 50 ms of a plan's start. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function readProgress(stream: TextOut, opts: ReadProgressOptions = {}): ReadProgressView {
  const clock = opts.clock ?? systemViewClock;
  const lineEveryMs = opts.lineEveryMs ?? WAIT_REMINDER_MS;
  const tty = isTerminal(stream);
  let quota: RateLimit | undefined;
  let startedAt: number | undefined;
  let count: ReadCount | undefined;
  let etaEndsAt: number | undefined;
  let shown = false;
  let lastLineAt: number | undefined;
  let stopTicking: (() => void) | undefined;
  let unhost: (() => void) | undefined;
  const fitLive = stickyFit();

  const parts = (now: number, live: boolean) => {
    const c = count;
    const pages = c ? `page ${thousands(c.pagesRead)} of ${thousands(c.pagesTotal)}` : 'starting';
    const products = c ? `${thousands(c.products)} product${c.products === 1 ? '' : 's'}` : '';
    const eta = etaEndsAt !== undefined ? `ETA ${formatDuration(Math.max(0, etaEndsAt - now))}` : '';
    const waits = live ? opts.waits : undefined;
    return [
      { text: `Reading Seller Center: ${pages}`, short: c ? `Reading: page ${thousands(c.pagesRead)}/${thousands(c.pagesTotal)}` : 'Reading', rank: 9 },
      { text: products, rank: 3 },
      { text: eta, rank: 5 },
      { text: waits?.current() ?? '', short: waits?.currentShort() ?? '', rank: 4, cut: true },
    ];
  };

  const draw = () => {
    const now = clock.now();
    stream.write(`\r\x1b[2K${fitLive(parts(now, true), stream.columns)}`);
    shown = true;
  };

  const begin = () => {
    if (startedAt !== undefined) return;
    startedAt = clock.now();
    if (tty) {
      unhost = opts.waits?.host(draw);
      stopTicking = clock.every(1_000, draw);
    }
  };

  return {
    start(q) {
      quota = q;
      begin();
    },
    page(next) {
      begin();
      const now = clock.now();
      count = next;
      const eta = readEtaMs(next, startedAt ?? now, now, quota);
      etaEndsAt = eta === undefined ? undefined : now + eta;
      if (tty) draw();
      else if (lastLineAt === undefined || now - lastLineAt >= lineEveryMs) {
        lastLineAt = now;
        stream.write(`${new Date(now).toISOString()} ${fitParts(parts(now, false), undefined)}\n`);
      }
    },
    done() {
      stopTicking?.();
      stopTicking = undefined;
      unhost?.();
      unhost = undefined;
      const c = count;
      const summary = c ? `Read ${thousands(c.products)} products from Seller Center (${c.pagesRead} page${c.pagesRead === 1 ? '' : 's'})` : '';
      if (tty && shown) stream.write(`\r\x1b[2K${summary}\n`);
      else if (!tty && lastLineAt !== undefined && c && c.pagesRead > 1) stream.write(`${new Date(clock.now()).toISOString()} ${summary}\n`);
      shown = false;
    },
  };
}
