/**
 * Time as a live view sees it: the current time, and a repeating tick that redraws a countdown.
 * Tests inject one they advance by hand; the real tick is unref'd so a forgotten one never
 * keeps the process alive.
 */
export interface ViewClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

export const systemViewClock: ViewClock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
