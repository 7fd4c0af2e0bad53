/** Shared fixtures of the client tests: a fast client against a fake origin, debug capture. */
import { RemoteError } from '../../src/remote/errors.js';
import { createClient, type ClientOptions } from '../../src/remote/client.js';
import type { Connection } from '../../src/remote/connection.js';
import type { RateLimit } from '../../src/model/settings.js';
import type { Clock } from '../../src/remote/clock.js';
import type { SellerCenterClient } from '../../src/remote/types.js';

/**
 * A clock whose sleeps move its time forward at once (after letting other work run), so waits
 * of minutes — outages, back-off, poll gaps — cost no real time. `log` keeps each sleep.
 */
export function virtualClock(start = Date.parse('2026-03-01T10:00:00Z')): Clock & { sleeps: number[]; elapsed(): number } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    elapsed: () => now - start,
    async sleep(ms: number, signal?: AbortSignal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
  };
}

export const ORIGIN = 'https://seller.test';
export const BASE = `${ORIGIN}/api`;
export const TOKEN = 'Token s3cr3t-KEY-for-tests';

export const T_SHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';

/** Quotas so large that they never shape a test that is not about quotas. */
export function liftedLimits(): Record<'products' | 'categories' | 'packages' | 'claims', RateLimit> {
  const lifted = { requests: 100_000, windowMs: 1_000 };
  return { products: lifted, categories: lifted, packages: lifted, claims: lifted };
}

export interface TestClient {
  client: SellerCenterClient;
  debug: string[];
  warnings: string[];
}

export function makeClient(options: Partial<ClientOptions> = {}, connection: Partial<Connection> = {}): TestClient {
  const debug: string[] = [];
  const warnings: string[] = [];
  const { retry, poll, ...rest } = options;
  const client = createClient(
    { baseUrl: BASE, token: TOKEN, ...connection },
    {
      rateLimits: liftedLimits(),
      debug: (line) => debug.push(line),
      warn: (message) => warnings.push(message),
      random: () => 0.5,
      ...rest,
      retry: {
        baseDelayMs: 1,
        maxDelayMs: 4,
        maxTotalWaitMs: 2_000,
        attemptTimeoutMs: 2_000,
        headersTimeoutMs: 2_000,
        bodyIdleTimeoutMs: 2_000,
        outageMs: 1_000,
        ...retry,
      },
      poll: { baseMs: 5, perItemMs: 0, minDelayMs: 2, maxDelayMs: 20, unknownLimit: 4, maxWaitMs: 5_000, ...poll },
    },
  );
  return { client, debug, warnings };
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/** The largest number of requests inside any rolling window (a request exactly one window old has left). */
export function maxInAnyWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! - times[i]! < windowMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

/** The RemoteError a call ends with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<RemoteError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof RemoteError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
