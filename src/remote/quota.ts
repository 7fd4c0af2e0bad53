/**
 * Client-side quotas shaped as the server's rolling window: at most N requests of a resource
 * in any window. A bottleneck reservoir of N tokens; each request takes one when it is sent,
 * and the token comes back one window (+ a small margin) after the request was *answered*
 * (or failed).
 * The server stamps a request somewhere between our send and its answer, so counting from
 * the answer can never let N+1 stamps fall into one window, whatever the latency; on a
 * fast link this costs only the round trip per window. (A fixed refresh every window would
 * let 2N through across a window edge; a token bucket ~1.9N.)
 *
 * One limiter per resource, shared by reads, writes and batch polls, with priorities.
 * A 429 holds the whole resource until `Retry-After`, then lets one request probe alone
 * before the others follow, so a quota shared with another client does not cause a storm.
 */
import Bottleneck from 'bottleneck';
import type { RateLimit } from '../model/settings.js';

/** Writes first (they carry the run), then reads, then batch polls (which only observe). */
export type QuotaPriority = 'write' | 'read' | 'poll';
const PRIORITY: Record<QuotaPriority, number> = { write: 2, read: 4, poll: 6 };

export interface Permit {
  /** Milliseconds spent waiting for the quota (queue, 429 pause). */
  waitedMs: number;
  /** Report how the request ended; call exactly once. */
  settle(outcome: { throttled: boolean; retryAfterMs?: number }): void;
}

export interface QuotaClock {
  now(): number;
}

const realClock: QuotaClock = { now: () => performance.now() };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The margin added to every window: clock granularity and small differences between clocks. */
export function windowMargin(windowMs: number): number {
  return Math.max(2, Math.ceil(windowMs * 0.005));
}

export class RollingWindowQuota {
  readonly limit: RateLimit;
  private readonly limiter: Bottleneck;
  private readonly clock: QuotaClock;
  private readonly margin: number;
  /** Scheduled token returns (absolute clock times) of requests sent in the last window. */
  private readonly returns = new Map<number, { at: number; timer: NodeJS.Timeout }>();
  private nextReturnId = 0;
  private pausedUntil = 0;
  private needProbe = false;
  private probe: Promise<void> | undefined;
  private consecutiveThrottles = 0;
  private waiting = 0;
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;
  sent = 0;
  throttled = 0;

  constructor(limit: RateLimit, clock: QuotaClock = realClock) {
    this.limit = limit;
    this.clock = clock;
    this.margin = windowMargin(limit.windowMs);
    this.limiter = new Bottleneck({ reservoir: limit.requests, maxConcurrent: null, minTime: 0 });
  }

  /** Waits for a token (by priority), then for any 429 pause, and marks the request as sent. */
  async acquire(priority: QuotaPriority, signal?: AbortSignal): Promise<Permit> {
    if (this.closed) throw new Error('the client was closed');
    const queuedAt = this.clock.now();
    this.holdProcess(+1);
    let id: number;
    try {
      id = await this.limiter.schedule({ priority: PRIORITY[priority] }, async () => {
        // The token is taken from here on: if we end before sending, give it back.
        try {
          await this.waitForPauseAndProbe(signal);
        } catch (err) {
          void this.limiter.incrementReservoir(1);
          throw err;
        }
        return this.markSent();
      });
    } finally {
      this.holdProcess(-1);
    }
    const waitedMs = Math.max(0, this.clock.now() - queuedAt);
    let settled = false;
    return {
      waitedMs,
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        this.settle(id, outcome);
      },
    };
  }

  private async waitForPauseAndProbe(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) {
        await sleep(pause);
        continue;
      }
      if (this.probe) {
        await this.probe;
        continue;
      }
      if (this.needProbe) {
        // This request goes alone; the others wait until it has been answered.
        this.needProbe = false;
        this.probe = new Promise<void>((resolve) => {
          this.endProbe = resolve;
        });
      }
      return;
    }
  }

  private endProbe: (() => void) | undefined;

  private markSent(): number {
    this.sent += 1;
    // The token stays taken while the request is in flight; settle() schedules its return.
    return this.nextReturnId++;
  }

  private scheduleReturn(id: number, at: number): void {
    const timer = setTimeout(
      () => {
        this.returns.delete(id);
        if (!this.closed) void this.limiter.incrementReservoir(1);
      },
      Math.max(0, at - this.clock.now()),
    );
    // Pending work keeps the process alive (holdProcess); a returning token alone must not.
    timer.unref();
    this.returns.set(id, { at, timer });
  }

  private settle(id: number, outcome: { throttled: boolean; retryAfterMs?: number }): void {
    const now = this.clock.now();
    this.scheduleReturn(id, now + this.limit.windowMs + this.margin);
    if (outcome.throttled) {
      this.throttled += 1;
      this.consecutiveThrottles += 1;
      const wait = outcome.retryAfterMs ?? this.waitWithoutRetryAfter(now);
      this.pausedUntil = Math.max(this.pausedUntil, now + wait);
      this.needProbe = true;
    } else {
      this.consecutiveThrottles = 0;
    }
    if (this.probe && this.endProbe) {
      const end = this.endProbe;
      this.probe = undefined;
      this.endProbe = undefined;
      end();
    }
  }

  /**
   * A 429 without Retry-After: if shelf is the only client, the server's window frees when our
   * oldest counted request leaves it; if not, fall back to growing fractions of the window.
   */
  private waitWithoutRetryAfter(now: number): number {
    const earliest = Math.min(...[...this.returns.values()].map((r) => r.at));
    const fallback = Math.min(
      this.limit.windowMs + this.margin,
      (this.limit.windowMs / this.limit.requests) * 2 ** (this.consecutiveThrottles - 1),
    );
    return Number.isFinite(earliest) ? Math.max(earliest - now, fallback / 2) : fallback;
  }

  /** Milliseconds until the next 429 pause ends (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  private holdProcess(delta: number): void {
    this.waiting += delta;
    if (this.waiting > 0 && !this.keepAlive) {
      this.keepAlive = setInterval(() => {}, 1 << 30);
    } else if (this.waiting === 0 && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.returns.values()) clearTimeout(r.timer);
    this.returns.clear();
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => {});
  }
}
