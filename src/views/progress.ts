/**
 * Apply progress on stderr, as a listener of the executor's events. On a terminal: one live
 * line (chunks done and in flight, chunks waiting for the quota, requests, ETA, the wait under
 * way) redrawn in place, fitted to the terminal's width (a wrapped line cannot be redrawn and
 * leaves a junk line per redraw), its ETA counting down every second between events.
 * Otherwise: plain timestamped lines, one per event worth a line, so CI logs read well (waits
 * get their own lines from the wait status).
 */
import type { TextOut } from './output.js';
import type { ApplyEvent } from '../apply/types.js';
import { stickyFit } from './fit-line.js';
import { formatDuration } from './plan-format.js';
import { systemViewClock, type ViewClock } from './view-clock.js';
import type { WaitStatus } from './wait-status.js';
import { plural } from './plural.js';

export interface ProgressOptions {
  stream: TextOut;
  tty: boolean;
  /** Requests sent so far (the client's counters). */
  requests: () => { total: number; throttled: number };
  /** Quota of the products resource, for the ETA. */
  quota: { requests: number; windowMs: number };
  now?: () => number;
  /** Time and the countdown tick (default: the system's; `now` above overrides its time). */
  clock?: ViewClock;
  /** The client's waits, shown in the live line. */
  waits?: WaitStatus;
}

export interface Progress {
  listener: (event: ApplyEvent) => void;
  /** Clears the live line (call before printing the report). */
  done(): void;
}

export function createProgress(opts: ProgressOptions): Progress {
  const clock = opts.clock ?? systemViewClock;
  const now = opts.now ?? (() => clock.now());
  let chunks = 0;
  let submitted = 0;
  let finished = 0;
  let failedRecords = 0;
  let queued = 0;
  let live = false;
  /** When the run should end, as estimated at the last event; the line counts down to it. */
  let etaEndsAt: number | undefined;
  let stopTicking: (() => void) | undefined;
  let unhost: (() => void) | undefined;
  const fit = stickyFit('; ');

  const estimate = () => {
    // Each remaining chunk needs a write and at least one poll, at the quota's pace.
    const remaining = (chunks - submitted) * 2 + (submitted - finished);
    etaEndsAt = now() + (remaining / opts.quota.requests) * opts.quota.windowMs;
  };
  const line = () => {
    const r = opts.requests();
    const eta = etaEndsAt === undefined ? '' : `ETA ${formatDuration(Math.max(0, etaEndsAt - now()))}`;
    // Parts in display order; on a narrow terminal the lowest ranks go first.
    return fit(
      [
        {
          text: `Applying: chunks ${finished}/${chunks} done, ${submitted - finished} in flight`,
          short: `chunks ${finished}/${chunks}, ${submitted - finished} in flight`,
          rank: 9,
        },
        { text: `${queued - submitted} waiting for quota`, short: `${queued - submitted} queued`, rank: 4 },
        { text: `${plural(r.total, 'request')} (${r.throttled} throttled)`, short: plural(r.total, 'request'), rank: 3 },
        { text: plural(failedRecords, 'failed record'), short: `${failedRecords} failed`, rank: 6 },
        { text: eta, rank: 8 },
        { text: opts.waits?.current() ?? '', short: opts.waits?.currentShort() ?? '', rank: 7, cut: true },
      ],
      opts.stream.columns,
    );
  };
  const plain = (text: string) => opts.stream.write(`${new Date(now()).toISOString()} ${text}\n`);
  const draw = () => {
    opts.stream.write(`\r\x1b[2K${line()}`);
    live = true;
  };
  const startLive = () => {
    if (stopTicking) return;
    stopTicking = clock.every(1_000, draw);
    unhost = opts.waits?.host(draw);
  };

  const listener = (e: ApplyEvent) => {
    switch (e.type) {
      case 'start':
        chunks = e.chunks;
        if (opts.tty) startLive();
        if (!opts.tty) plain(`apply: ${plural(e.items, 'item')} in ${plural(e.chunks, 'chunk')}`);
        break;
      case 'chunk-submitted':
        submitted += 1;
        if (!opts.tty) plain(`submitted ${e.kind} batch ${e.batchId} (${plural(e.size, 'item')}; ${plural(queued - submitted, 'chunk')} waiting for quota)`);
        break;
      case 'chunk-rejected':
        submitted += 1;
        finished += 1;
        if (!opts.tty) plain(`${e.kind} chunk of ${plural(e.size, 'item')} not accepted: ${e.message}`);
        break;
      case 'batch-finished':
        finished += 1;
        if (!opts.tty) plain(`batch ${e.batchId} (${e.kind}) ${e.state.replace('_', ' ')}: ${e.size - e.failed}/${e.size} ok`);
        break;
      case 'collected':
        if (!opts.tty) plain(`collected earlier batch ${e.batchId} (${e.kind}): ${e.state.replace('_', ' ')}`);
        break;
      case 'record-failed':
        failedRecords += 1;
        break;
      case 'record-skipped':
        failedRecords += 1;
        break;
      case 'chunk-queued':
        queued += 1;
        break;
      case 'interrupted':
        if (!opts.tty) plain(`interrupted with ${plural(e.inFlight.length, 'batch', 'batches')} in flight`);
        break;
    }
    if (opts.tty) {
      estimate();
      draw();
    }
  };

  return {
    listener,
    done() {
      stopTicking?.();
      stopTicking = undefined;
      unhost?.();
      unhost = undefined;
      if (live) opts.stream.write('\r\x1b[2K');
      else if (!opts.tty && chunks > 0) plain(`done: ${finished}/${plural(chunks, 'chunk')}, ${plural(opts.requests().total, 'request')}`);
      live = false;
    },
  };
}
