/**
 * Client-side quotas shaped as the server's rolling window: at most N requests of a resource
 * in any window. A bottleneck reservoir of N tokens orders the waiting requests (by
 * priority); each request takes a token when it is sent, and the token may be used again one
 * window (+ a small margin) after the request was *answered*. The server stamps a request
 * between our send and its answer, so counting from the answer can never let N+1 stamps fall
 * into one window, whatever the latency; on a fast link it costs only the round trip.
 * (A fixed refresh every window would let 2N through across a window edge; a token bucket ~1.9N.)
 *
 * Each token carries the time from which it may be used. It goes back into the reservoir a
 * little *before* that time and its next holder waits for the exact moment itself, so
 * bottleneck's own dispatch delay (a few timer ticks, more on a busy event loop) is not added
 * to every window.
 *
 * One limiter per resource, shared by reads, writes and batch polls. A 429 holds the whole
 * resource until `Retry-After`, then lets one request probe alone before the others follow,
 * so a quota shared with another client does not cause a storm of 429s.
 *
 * Slots taken before this process started (see quota-memory.ts) can be handed to the
 * constructor: those tokens start out on their way back, as if this limiter had sent the
 * requests itself, so a new process and the previous one never exceed N in one window together.
 */
import Bottleneck from 'bottleneck';
import type { RateLimit } from '../model/settings.js';
import { sleep } from './sleep.js';

/** Writes first (they carry the run), then reads, then batch polls (which only observe). */
export type QuotaPriority = 'write' | 'read' | 'poll';
const PRIORITY: Record<QuotaPriority, number> = { write: 2, read: 4, poll: 6 };

export interface Permit {
  /** Milliseconds spent waiting for the quota (queue, 429 pause). */
  waitedMs: number;
  /** Report how the request ended, as soon as the answer's head arrived (or it failed); once. */
  settle(outcome: { throttled: boolean; retryAfterMs?: number }): void;
}

const now = () => performance.now();

export interface QuotaOptions {
  /**
   * Slots already taken when the limiter starts (requests of an earlier process still inside
   * the server's window): for each, the time (on `performance.now()`'s clock) from which it
   * may be used again. Times already passed are ignored; at most `requests` are kept (the latest).
   */
  takenUntil?: readonly number[];
}

/** The margin added to every window: clock granularity and small differences between clocks. */
export function windowMargin(windowMs: number): number {
  return Math.max(2, Math.ceil(windowMs * 0.005));
}

/**
 * How early a token re-enters the reservoir before it may be used: long enough to hide
 * bottleneck dispatching a whole reservoir one job at a time (a few timer ticks each, more on a
 * busy event loop), short enough that a request taking a token early delays a more urgent one
 * only briefly.
 */
function returnLead(windowMs: number): number {
  return Math.min(2_000, windowMs / 4);
}

export class RollingWindowQuota {
  readonly limit: RateLimit;
  private readonly limiter: Bottleneck;
  private readonly margin: number;
  private readonly lead: number;
  /** Tokens never used yet (usable at once); kept as a count so a lifted quota costs no memory. */
  private unused: number;
  /** Times from which the used tokens back in the reservoir may be used, ascending. */
  private readonly ready: number[] = [];
  /** Tokens on their way back: the time each may be used again. */
  private readonly returning = new Map<NodeJS.Timeout, number>();
  private pausedUntil = 0;
  private needProbe = false;
  private probe: Promise<void> | undefined;
  private endProbe: (() => void) | undefined;
  private consecutiveThrottles = 0;
  private waiting = 0;
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;
  /** When this limiter's own answered requests were counted from, ascending (expired ones pruned). */
  private readonly counted: number[] = [];
  /** Requests sent whose answer has not arrived yet. */
  private inFlight = 0;
  sent = 0;
  throttled = 0;

  constructor(limit: RateLimit, options: QuotaOptions = {}) {
    this.limit = limit;
    this.margin = windowMargin(limit.windowMs);
    this.lead = returnLead(limit.windowMs);
    const t = now();
    const taken = (options.takenUntil ?? [])
      .filter((at) => Number.isFinite(at) && at > t)
      .sort((a, b) => a - b)
      .slice(-limit.requests);
    this.unused = limit.requests - taken.length;
    this.limiter = new Bottleneck({ reservoir: this.unused, maxConcurrent: null, minTime: 0 });
    for (const usableFrom of taken) this.returnToken(usableFrom, t);
  }

  /** Waits for a token (by priority), for its window, and for any 429 pause; the request is then sent. */
  acquire(priority: QuotaPriority, signal?: AbortSignal): Promise<Permit> {
    if (this.closed) return Promise.reject(new Error('the client was closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const queuedAt = now();
    this.holdProcess(+1);
    return new Promise<Permit>((resolve, reject) => {
      let done = false;
      const finish = (outcome: { permit: Permit } | { error: unknown }) => {
        if (done) return false;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        this.holdProcess(-1);
        if ('permit' in outcome) resolve(outcome.permit);
        else reject(outcome.error);
        return true;
      };
      // Interrupted while queued: answer at once; the job gives its token back when it runs.
      const onAbort = () => finish({ error: signal?.reason });
      signal?.addEventListener('abort', onAbort, { once: true });
      const job = async () => {
        const usableFrom = this.takeToken();
        let probing: boolean;
        try {
          if (done) throw signal?.reason;
          if (usableFrom > now()) await sleep(usableFrom - now());
          probing = await this.waitForPauseAndProbe(signal);
        } catch (err) {
          this.insertReady(usableFrom);
          void this.limiter.incrementReservoir(1);
          finish({ error: err });
          return;
        }
        this.sent += 1;
        this.inFlight += 1;
        // Resolve from inside the job: waiting for bottleneck's own bookkeeping would delay the send.
        if (!finish({ permit: this.permit(queuedAt) })) {
          this.inFlight -= 1;
          // Interrupted meanwhile: nothing is sent; a probe that will not happen hands over to the next request.
          this.sent -= 1;
          this.insertReady(usableFrom);
          void this.limiter.incrementReservoir(1);
          if (probing) {
            this.needProbe = true;
            this.releaseProbe();
          }
        }
      };
      this.limiter.schedule({ priority: PRIORITY[priority] }, job).catch((err: unknown) => finish({ error: err }));
    });
  }

  private permit(queuedAt: number): Permit {
    let settled = false;
    return {
      waitedMs: Math.max(0, now() - queuedAt),
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        this.settle(outcome);
      },
    };
  }

  /** Resolves true when this request is the lone probe after a 429. */
  private async waitForPauseAndProbe(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      signal?.throwIfAborted();
      const pause = this.pausedUntil - now();
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
        return true;
      }
      return false;
    }
  }

  private takeToken(): number {
    if (this.unused > 0) {
      this.unused -= 1;
      return 0;
    }
    return this.ready.shift() ?? 0;
  }

  private insertReady(at: number): void {
    let i = this.ready.length;
    while (i > 0 && this.ready[i - 1]! > at) i--;
    this.ready.splice(i, 0, at);
  }

  private settle(outcome: { throttled: boolean; retryAfterMs?: number }): void {
    const t = now();
    this.inFlight = Math.max(0, this.inFlight - 1);
    // The server does not count a throttled request; every other answer (or lost one) may have been counted.
    if (!outcome.throttled) this.rememberCounted(t);
    this.returnToken(t + this.limit.windowMs + this.margin, t);

    if (outcome.throttled) {
      this.throttled += 1;
      this.consecutiveThrottles += 1;
      const wait = outcome.retryAfterMs ?? this.waitWithoutRetryAfter(t);
      this.pausedUntil = Math.max(this.pausedUntil, t + wait);
      this.needProbe = true;
    } else {
      this.consecutiveThrottles = 0;
    }
    this.releaseProbe();
  }

  /** Sends a token on its way back: into the reservoir a little before `usableFrom`. */
  private returnToken(usableFrom: number, t: number): void {
    const timer = setTimeout(
      () => {
        this.returning.delete(timer);
        if (this.closed) return;
        this.insertReady(usableFrom);
        void this.limiter.incrementReservoir(1);
      },
      Math.max(0, usableFrom - this.lead - t),
    );
    // Pending work keeps the process alive (holdProcess); a returning token alone must not.
    timer.unref();
    this.returning.set(timer, usableFrom);
  }

  private rememberCounted(t: number): void {
    const horizon = t - this.limit.windowMs - this.margin;
    while (this.counted.length > 0 && this.counted[0]! <= horizon) this.counted.shift();
    this.counted.push(t);
  }

  /**
   * When the server may have counted this limiter's own requests that are still inside its
   * window (on `performance.now()`'s clock): the answer time of each answered one (the server
   * counts a request before it answers), now for each still unanswered. Slots handed to the
   * constructor are not included: they belong to whoever sent them.
   */
  countedTimes(): number[] {
    const t = now();
    const horizon = t - this.limit.windowMs - this.margin;
    return [...this.counted.filter((at) => at > horizon), ...Array<number>(this.inFlight).fill(t)];
  }

  private releaseProbe(): void {
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
  private waitWithoutRetryAfter(t: number): number {
    const pending = [...this.returning.values(), ...this.ready].filter((at) => at > t);
    const fallback = Math.min(
      this.limit.windowMs + this.margin,
      (this.limit.windowMs / this.limit.requests) * 2 ** (this.consecutiveThrottles - 1),
    );
    return pending.length > 0 ? Math.max(Math.min(...pending) - t, fallback / 2) : fallback;
  }

  /**
   * About how long a request queued now would wait for its token (and any 429 pause): the
   * requests already waiting take the earlier tokens, and a token in use comes back one window
   * after its answer. An estimate for telling the user, not a promise.
   */
  expectedWaitMs(): number {
    const t = now();
    const n = this.limit.requests;
    const cycle = this.limit.windowMs + this.margin;
    // The k-th free slot, without listing the unused ones: a lifted quota (a million a second)
    // would otherwise build and sort a million-entry array for every request.
    const k = this.waiting;
    const index = k % n;
    const unused = Math.min(this.unused, n);
    let slot = 0;
    if (index >= unused) {
      const busy = [...this.ready, ...this.returning.values()].map((at) => Math.max(0, at - t)).sort((a, b) => a - b);
      slot = busy[index - unused] ?? cycle;
    }
    return Math.max(slot + Math.floor(k / n) * cycle, this.pausedFor());
  }

  /** Milliseconds until the current 429 pause ends (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - now());
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
    for (const timer of this.returning.keys()) clearTimeout(timer);
    this.returning.clear();
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => {});
  }
}
