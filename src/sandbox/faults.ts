/**
 * Fault injection: each `/api` request draws from a seeded PRNG, so a given seed and request
 * sequence always produce the same faults (a failing test can be replayed).
 */
import type { SandboxFaults } from './options.js';

export type FaultKind = 'throttle' | '5xx' | 'drop' | 'lost' | 'slow' | 'malformed' | 'hang';
export type FailureKind = 'throttle' | '5xx' | 'drop' | 'lost' | 'hang';

/** mulberry32: tiny, fast and good enough for reproducible test noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private random: () => number;

  constructor(private faults: SandboxFaults) {
    this.random = seededRandom(faults.seed);
  }

  get enabled(): boolean {
    const f = this.faults;
    return f.rate429 + f.rate5xx + f.rateDrop + f.rateLost + f.rateSlow + f.rateMalformed + f.rateHang + f.rateTrickle > 0;
  }

  /**
   * The faults for one request: at most one failure (throttle, 5xx, drop before or after
   * carrying the request out), which replaces the answer, plus independently a slow reply and/or a malformed body. One draw per kind keeps the
   * sequence stable when only one rate changes.
   */
  draw(): { failure?: FailureKind; slow: boolean; malformed: boolean; trickle: boolean } {
    const f = this.faults;
    const failureDraw = this.random();
    const slowDraw = this.random();
    const malformedDraw = this.random();
    // Drawn only when used, so the sequence of the older kinds is unchanged when these are off.
    const extra = () => (f.dropAfter + f.rateHang + f.rateTrickle > 0 ? this.random() : 1);
    let failure: FailureKind | undefined;
    if (failureDraw < f.rate429) failure = 'throttle';
    else if (failureDraw < f.rate429 + f.rate5xx) failure = '5xx';
    else if (failureDraw < f.rate429 + f.rate5xx + f.rateDrop) failure = 'drop';
    else if (failureDraw < f.rate429 + f.rate5xx + f.rateDrop + f.rateLost) failure = 'lost';
    else if (failureDraw < f.rate429 + f.rate5xx + f.rateDrop + f.rateLost + f.rateHang) failure = 'hang';
    const afterDraw = extra();
    if (failure === 'drop' && afterDraw < f.dropAfter) failure = 'lost';
    const trickle = extra() < f.rateTrickle;
    return { failure, slow: slowDraw < f.rateSlow, malformed: malformedDraw < f.rateMalformed, trickle };
  }

  /** Whether the API is in an injected outage at `sinceStartMs` (real ms since the sandbox started). */
  inOutage(sinceStartMs: number): boolean {
    return this.faults.outages.some((o) => sinceStartMs >= o.startMs && sinceStartMs < o.startMs + o.durationMs);
  }

  /** Whether the token is revoked at `sinceStartMs`. */
  revoked(sinceStartMs: number): boolean {
    const { revokedFromMs: from, revokedUntilMs: until } = this.faults;
    return from !== undefined && sinceStartMs >= from && (until === undefined || sinceStartMs < until);
  }

  get trickleMs(): number {
    return this.faults.trickleMs;
  }

  /** A 5xx status, drawn from the same sequence. */
  serverErrorStatus(): number {
    const statuses = [500, 502, 503, 504];
    return statuses[Math.floor(this.random() * statuses.length)]!;
  }

  get slowMs(): number {
    return this.faults.slowMs;
  }

  reset(faults: SandboxFaults = this.faults): void {
    this.faults = faults;
    this.random = seededRandom(faults.seed);
  }
}
