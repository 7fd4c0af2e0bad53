/**
 * Why and how long shelf is waiting (a quota, a retry), shown while the wait lasts, so a
 * silent run is never a mystery. The client tells a wait when it starts (a WaitNotice, plain
 * data passed up by the pipeline); this view renders it:
 * - on a terminal, live with a countdown: inside the progress line that hosts it (read or
 *   apply progress), or on a line of its own when nothing hosts it;
 * - otherwise (CI logs), as a timestamped line when the wait starts and a reminder at least
 *   every 30 s while it lasts. Waits of one cause (a quota, a status) that follow each other
 *   within 30 s of the last line about that cause are folded into it, so a long paced read
 *   prints a line every 30 s, not one per request.
 */
import type { WaitNotice } from '../remote/wait-notice.js';
import { fitLine } from './fit-line.js';
import { isTerminal, type TextOut } from './output.js';
import { systemViewClock, type ViewClock } from './view-clock.js';
import { shortWaitText, waitText } from './wait-text.js';

export const WAIT_REMINDER_MS = 30_000;
const COUNTDOWN_TICK_MS = 1_000;

export interface WaitStatus {
  /** A wait starts (wire this to RunContext.onWait). */
  notice(notice: WaitNotice): void;
  /** The longest wait under way with its time left ("waiting 12 s for …"), for a live line. */
  current(): string | undefined;
  /** The same, in a few words for a narrow line ("quota wait 12 s", "retry in 8 s after 503"). */
  currentShort(): string | undefined;
  /**
   * A live line shows the waits from now on: it is redrawn on each countdown tick instead of
   * this view drawing a line of its own. Returns the function that ends the hosting.
   */
  host(redraw: () => void): () => void;
  /** Stops the countdown and clears a line of its own. */
  done(): void;
}

export interface WaitStatusOptions {
  stream: TextOut;
  clock?: ViewClock;
  /** A CI log gets a line about a wait at least this often (default 30 s). */
  reminderMs?: number;
}

interface Wait {
  notice: WaitNotice;
  endsAt: number;
}

/** Waits of one cause: one quota, or retries after one kind of failure. */
function causeOf(notice: WaitNotice): string {
  return notice.kind === 'quota' ? `quota ${notice.resource}` : `retry ${notice.after}`;
}

const left = (wait: Wait, now: number) => Math.max(0, wait.endsAt - now);

export function createWaitStatus(opts: WaitStatusOptions): WaitStatus {
  const clock = opts.clock ?? systemViewClock;
  const reminderMs = opts.reminderMs ?? WAIT_REMINDER_MS;
  const tty = isTerminal(opts.stream);
  /** The latest-ending wait per cause. */
  const waits = new Map<string, Wait>();
  /** CI logs: when a line last told about each cause. */
  const toldAt = new Map<string, number>();
  let redrawHost: (() => void) | undefined;
  let ownLine = false;
  let stopTicking: (() => void) | undefined;

  const logLine = (text: string) => opts.stream.write(`${new Date(clock.now()).toISOString()} ${text}\n`);

  const prune = (now: number) => {
    for (const [cause, wait] of waits) if (wait.endsAt <= now) waits.delete(cause);
  };

  const longest = (now: number): Wait | undefined => {
    let best: Wait | undefined;
    for (const wait of waits.values()) if (wait.endsAt > now && (!best || wait.endsAt > best.endsAt)) best = wait;
    return best;
  };

  const draw = () => {
    if (redrawHost) {
      redrawHost();
      return;
    }
    const text = status.current();
    if (text) {
      opts.stream.write(`\r\x1b[2K${fitLine(text, opts.stream.columns)}`);
      ownLine = true;
    } else if (ownLine) {
      opts.stream.write('\r\x1b[2K');
      ownLine = false;
    }
  };

  const remind = (now: number) => {
    for (const [cause, wait] of waits) {
      if (wait.endsAt > now && now - (toldAt.get(cause) ?? -Infinity) >= reminderMs) {
        logLine(`still ${waitText(wait.notice, left(wait, now))}`);
        toldAt.set(cause, now);
      }
    }
  };

  const tick = () => {
    const now = clock.now();
    if (tty) draw();
    else remind(now);
    prune(now);
    if (waits.size === 0) {
      stopTicking?.();
      stopTicking = undefined;
    }
  };

  const status: WaitStatus = {
    notice(notice) {
      const now = clock.now();
      const cause = causeOf(notice);
      const endsAt = now + Math.max(0, notice.ms);
      const earlier = waits.get(cause);
      if (!earlier || earlier.endsAt <= endsAt) waits.set(cause, { notice, endsAt });
      if (tty) draw();
      else if (now - (toldAt.get(cause) ?? -Infinity) >= reminderMs) {
        logLine(waitText(notice, notice.ms));
        toldAt.set(cause, now);
      }
      stopTicking ??= clock.every(tty ? COUNTDOWN_TICK_MS : Math.min(COUNTDOWN_TICK_MS, reminderMs), tick);
    },
    current() {
      const now = clock.now();
      const wait = longest(now);
      return wait ? waitText(wait.notice, left(wait, now), { shortUrl: true }) : undefined;
    },
    currentShort() {
      const now = clock.now();
      const wait = longest(now);
      return wait ? shortWaitText(wait.notice, left(wait, now)) : undefined;
    },
    host(redraw) {
      if (ownLine) opts.stream.write('\r\x1b[2K');
      ownLine = false;
      redrawHost = redraw;
      return () => {
        if (redrawHost === redraw) redrawHost = undefined;
      };
    },
    done() {
      stopTicking?.();
      stopTicking = undefined;
      if (ownLine) opts.stream.write('\r\x1b[2K');
      ownLine = false;
      waits.clear();
    },
  };
  return status;
}
