/**
 * Fault injection: each `/api` request draws from a seeded PRNG, so a given seed and request
 * sequence always produce the same faults (a failing test can be replayed).
 */
import type { SandboxFaults } from './options.js';

export type FaultKind = 'throttle' | '5xx' | 'drop' | 'lost' | 'slow' | 'malformed';
export type FailureKind = 'throttle' | '5xx' | 'drop' | 'lost';

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
    return f.rate429 + f.rate5xx + f.rateDrop + f.rateLost + f.rateSlow + f.rateMalformed > 0;
  }

  /**
   * The faults for one request: at most one failure (throttle, 5xx, drop before or after
   * carrying the request out), which replaces the answer, plus independently a slow reply and/or a malformed body. One draw per kind keeps the
   * sequence stable when only one rate changes.
   */
  draw(): { failure?: FailureKind; slow: boolean; malformed: boolean } {
    const f = this.faults;
    const failureDraw = this.random();
    const slowDraw = this.random();
    const malformedDraw = this.random();
    let failure: FailureKind | undefined;
    if (failureDraw < f.rate429) failure = 'throttle';
    else if (failureDraw < f.rate429 + f.rate5xx) failure = '5xx';
    else if (failureDraw < f.rate429 + f.rate5xx + f.rateDrop) failure = 'drop';
    else if (failureDraw < f.rate429 + f.rate5xx + f.rateDrop + f.rateLost) failure = 'lost';
    return { failure, slow: slowDraw < f.rateSlow, malformed: malformedDraw < f.rateMalformed };
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
