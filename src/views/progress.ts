/**
 * Apply progress on stderr, as a listener of the executor's events. On a terminal: one live
 * line (chunks done and in flight, chunks waiting for the quota, requests, ETA) redrawn in place. Otherwise: plain timestamped
 * lines, one per event worth a line, so CI logs read well.
 */
import type { TextOut } from './output.js';
import type { ApplyEvent } from '../apply/types.js';
import { formatDuration } from './plan-format.js';
import { plural } from './plural.js';

export interface ProgressOptions {
  stream: TextOut;
  tty: boolean;
  /** Requests sent so far (the client's counters). */
  requests: () => { total: number; throttled: number };
  /** Quota of the products resource, for the ETA. */
  quota: { requests: number; windowMs: number };
  now?: () => number;
}

export interface Progress {
  listener: (event: ApplyEvent) => void;
  /** Clears the live line (call before printing the report). */
  done(): void;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  let chunks = 0;
  let submitted = 0;
  let finished = 0;
  let failedRecords = 0;
  let queued = 0;
  let live = false;

  const eta = () => {
    // Each remaining chunk needs a write and at least one poll, at the quota's pace.
    const remaining = (chunks - submitted) * 2 + (submitted - finished);
    return formatDuration((remaining / opts.quota.requests) * opts.quota.windowMs);
  };
  const line = () => {
    const r = opts.requests();
    return (
      `Applying: chunks ${finished}/${chunks} done, ${submitted - finished} in flight; ` +
      `${queued - submitted} waiting for quota; ${plural(r.total, 'request')} (${r.throttled} throttled); ` +
      `${plural(failedRecords, 'failed record')}; ETA ${eta()}`
    );
  };
  const plain = (text: string) => opts.stream.write(`${new Date(now()).toISOString()} ${text}\n`);
  // Redrawn with a carriage return and spaces over the rest of the previous line, not an
  // erase-line escape: the live line stays free of escape sequences (NO_COLOR, terminal logs).
  let drawnLength = 0;
  const draw = () => {
    const text = line();
    opts.stream.write(`\r${text.padEnd(drawnLength)}`);
    drawnLength = text.length;
    live = true;
  };

  const listener = (e: ApplyEvent) => {
    switch (e.type) {
      case 'start':
        chunks = e.chunks;
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
    if (opts.tty) draw();
  };

  return {
    listener,
    done() {
      if (live) opts.stream.write(`\r${' '.repeat(drawnLength)}\r`);
      else if (!opts.tty && chunks > 0) plain(`done: ${finished}/${plural(chunks, 'chunk')}, ${plural(opts.requests().total, 'request')}`);
      live = false;
    },
  };
}
