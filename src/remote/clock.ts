/**
 * The client's notion of time for retries, outage bounds and poll gaps. Injected in tests (a
 * clock whose `sleep` moves time forward at once), so an outage of minutes is tested without
 * waiting for it. `now()` is epoch milliseconds: it also stamps when the API became unreachable.
 */
import { sleep } from './sleep.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
