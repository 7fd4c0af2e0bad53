/**
 * Every API exchange: quota → fetch → classify → retry. The global `fetch` is looked up at
 * call time (so msw can intercept it in tests) with an undici Agent as dispatcher.
 *
 * The `Authorization` header goes only to the base URL's origin: targets and `next` links
 * off that origin are refused, and redirects are handled by hand (`redirect: 'manual'`) so a
 * redirect to another origin is never followed with the key.
 *
 * Retried writes cannot create duplicates: every write shelf sends is keyed by SKU (PRD101
 * upserts by SKU, PRD104–106 set absolute values per SKU, PRD103 deletes by SKU), so a write
 * sent twice because the first answer was lost leaves the same state as one (a repeated
 * delete's "not found" is handled by the client). A write whose 2xx answer *was* received is
 * never sent again, even when that answer is unreadable: its batch exists, and a second one
 * would only repeat the work.
 *
 * When to stop retrying is a matter of time, not of attempts. A 429 is retried when the
 * server's `Retry-After` (or the quota's own pause) says; a network error, a timeout or a 5xx
 * is retried with back-off while the API has been unreachable for less than `outageMs` (see
 * reachability.ts) — a restart of a few minutes is ridden out, a longer outage ends the run
 * within the bound plus one attempt. A host name that does not resolve, a refused connection
 * before the API ever answered on a non-loopback host, and an untrusted TLS certificate fail
 * at once: the URL or the machine must change. Only a 2xx whose body is not JSON (a read)
 * counts attempts (`maxAttempts`).
 */
import type { Agent } from 'undici';
import type { QuotaResource } from '../model/settings.js';
import { VERSION } from '../package-info.js';
import { type Failure, networkFailure, redirectTarget, statusFailure } from './answers.js';
import { type Clock, systemClock } from './clock.js';
import { isLoopbackHost } from './connection.js';
import type { Connection } from './connection.js';
import { isLanguagesPath, isListingPath, quotaResourceOf } from './endpoints.js';
import { RemoteError, redact } from './errors.js';
import { withDispatcher } from './fetch-init.js';
import type { Permit, QuotaPriority, RollingWindowQuota } from './quota.js';
import { backoffDelay, parseRetryAfter, throttledFor } from './retry-after.js';
import { Reachability } from './reachability.js';
import { type TimedAnswer, timedFetch } from './timed-fetch.js';
import type { RequestCounters } from './types.js';
import type { WaitNotice } from './wait-notice.js';

export interface RetryPolicy {
  /** Attempts of a read whose 2xx answer is not JSON (other failures are bounded by time). */
  maxAttempts: number;
  /** Back-off of the first retry; doubles each time, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Kept for callers that set it; retries are bounded by `outageMs` instead. */
  maxTotalWaitMs: number;
  /** One attempt's time limit (connect + answer + body). */
  attemptTimeoutMs: number;
  /**
   * How long the API may stay unreachable (or one request keep being throttled) before a
   * request gives up. Real time, never scaled: an outage lasts as long on a time-scaled sandbox.
   */
  outageMs: number;
  /** Time from sending a request to its response headers. */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of a response body. */
  bodyIdleTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 5 * 60_000,
  attemptTimeoutMs: 120_000,
  outageMs: 3 * 60_000,
  headersTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 30_000,
};

/** What a network error code means, for the line that announces a retry. */
function wordsForCode(code: string | undefined): string {
  if (code === undefined) return 'a network error';
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || /other side closed/i.test(code)) {
    return `a dropped connection (${code})`;
  }
  if (code === 'ECONNREFUSED') return 'a refused connection (ECONNREFUSED)';
  return code;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** A path under the base URL (`/i2/products/`) or an absolute URL on the API origin (a `next` link). */
  target: string;
  query?: Record<string, string>;
  body?: unknown;
  priority: QuotaPriority;
  /**
   * A write whose answer was lost (the connection dropped after it was sent) is sent again
   * unless this is false: then it fails at once with `outcomeUnknown`, and the caller settles
   * it by reading the records back (a second accepted batch for the same records is avoided).
   */
  resendLost?: boolean;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
  url: string;
  /** A write sent more than once because an earlier attempt's answer was lost: that attempt may have been carried out. */
  mayHaveRepeated: boolean;
}

export interface TransportDeps {
  connection: Connection;
  agent: Agent;
  quotas: Partial<Record<QuotaResource, RollingWindowQuota>>;
  retry: RetryPolicy;
  counters: RequestCounters;
  debug?: (line: string) => void;
  signal?: AbortSignal;
  random?: () => number;
  /** Time for retries and outage bounds (default: the system clock). */
  clock?: Clock;
  /** Shared by every request of one client (created here when absent). */
  reachability?: Reachability;
  /** Told when a quota wait or a retry wait starts. */
  onWait?: (notice: WaitNotice) => void;
  /** Quota waits shorter than this are not told (default 500 ms). */
  waitNoticeMs?: number;
}

/** What one attempt produced: an answer (any status), or a failure before one arrived. */
type Attempt = { status: number; headers: Headers; text: string } | { failure: Failure; permanent: boolean };

export class Transport {
  private readonly base: URL;
  private readonly deps: TransportDeps;
  private readonly random: () => number;
  readonly clock: Clock;
  readonly reachability: Reachability;

  constructor(deps: TransportDeps) {
    this.deps = deps;
    this.base = new URL(`${deps.connection.baseUrl}/`);
    this.random = deps.random ?? Math.random;
    this.clock = deps.clock ?? systemClock;
    this.reachability = deps.reachability ?? new Reachability();
  }

  get origin(): string {
    return this.base.origin;
  }

  /** Resolves a target against the base URL; refuses anything off the API's origin. */
  resolve(target: string, query?: Record<string, string>): URL {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(target) ? new URL(target) : new URL(target.replace(/^\/+/, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw this.fail({
        message: `The API pointed shelf at another origin (${url.origin}); refusing to send the API key there`,
        init: { kind: 'redirect', endpoint: this.endpointOf('GET', url) },
      });
    }
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  /**
   * `METHOD https://host:port/path`: what an error or a trace names. Never the query (long, and
   * not needed to find the endpoint) nor credentials (a URL's origin holds none).
   */
  endpointOf(method: string, url: URL): string {
    return `${method} ${url.origin}${url.pathname}`;
  }

  private relativePath(url: URL): string {
    const basePath = this.base.pathname;
    return url.pathname.startsWith(basePath) ? `/${url.pathname.slice(basePath.length)}` : url.pathname;
  }

  private headers(hasBody: boolean, url: URL): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/json',
      authorization: this.deps.connection.token,
      'user-agent': `shelf/${VERSION}`,
    };
    // LNG001 is how shelf learns whether the configured language is accepted: never ask it in that language.
    if (this.deps.connection.language && !isLanguagesPath(this.relativePath(url))) h['accept-language'] = this.deps.connection.language;
    if (hasBody) h['content-type'] = 'application/json';
    return h;
  }

  /** Every message and detail leaving the transport is redacted (an error body may echo the key). */
  private fail(failure: Failure): RemoteError {
    const token = this.deps.connection.token;
    const { init } = failure;
    return new RemoteError(redact(failure.message, token), {
      ...init,
      ...(init.detail !== undefined ? { detail: redact(init.detail, token) } : {}),
      ...(init.code !== undefined ? { code: redact(init.code, token) } : {}),
    });
  }

  private interrupted(endpoint: string, attempts: number): RemoteError {
    return this.fail({ message: `${endpoint}: interrupted`, init: { kind: 'aborted', endpoint, attempts } });
  }

  /**
   * Retry-After of a 429 or 503, in milliseconds. Within one rolling window a slot always
   * frees, so a 429's longer Retry-After (a server in another time scale) is capped at the window.
   * Without the header, the body's "Expected available in N seconds." (Django REST framework) says it.
   */
  private retryAfter(
    status: number,
    headers: Headers,
    quota: RollingWindowQuota | undefined,
    body = '',
  ): number | undefined {
    if (status !== 429 && status !== 503) return undefined;
    const ms = parseRetryAfter(headers.get('retry-after'), headers.get('date')) ?? throttledFor(body);
    if (ms === undefined) return undefined;
    return Math.min(ms, status === 429 && quota ? quota.limit.windowMs * 1.05 : this.deps.retry.maxDelayMs);
  }

  /** One fetch under a quota permit; the permit is settled as soon as the answer's head arrives. */
  private async attempt(
    method: string,
    url: URL,
    payload: string | undefined,
    permit: Permit | undefined,
    quota: RollingWindowQuota | undefined,
    n: number,
  ): Promise<Attempt> {
    const endpoint = this.endpointOf(method, url);
    const { retry } = this.deps;
    const limits = { headersMs: retry.headersTimeoutMs, bodyIdleMs: retry.bodyIdleTimeoutMs, totalMs: retry.attemptTimeoutMs };
    const init: RequestInit = {
      method,
      headers: this.headers(payload !== undefined, url),
      redirect: 'manual',
      ...(payload !== undefined ? { body: payload } : {}),
    };
    // The server has counted the request by the time its answer starts: the token's window starts now.
    // A 429 is settled once its body (which may say how long to wait) has been read.
    const answer: TimedAnswer = await timedFetch(url, withDispatcher(init, this.deps.agent), limits, this.deps.signal, (res) => {
      if (res.status !== 429) permit?.settle({ throttled: false });
    });
    if ('error' in answer) {
      permit?.settle({ throttled: false });
      if (this.deps.signal?.aborted) throw this.interrupted(endpoint, n);
      const failure = networkFailure(answer.error, {
        endpoint,
        origin: url.origin,
        attempts: n,
        isWrite: method !== 'GET',
        ...(answer.stall ? { stall: answer.stall } : {}),
        limits,
        mayBeOutage: this.reachability.answeredOnce || isLoopbackHost(url.hostname),
      });
      return { failure, permanent: failure.permanent };
    }
    if (answer.status === 429) {
      permit?.settle({ throttled: true, retryAfterMs: this.retryAfter(429, answer.headers, quota, answer.text) });
    }
    return answer;
  }

  private notice(notice: WaitNotice): void {
    try {
      this.deps.onWait?.(notice);
    } catch {
      // a listener's problem never stops a request
    }
  }

  /** Sends one API request with quotas and retries; resolves with the parsed 2xx body. */
  async request(req: ApiRequest): Promise<ApiResponse> {
    const { retry, counters } = this.deps;
    const clock = this.clock;
    const reach = this.reachability;
    const isWrite = req.method !== 'GET';
    let url = this.resolve(req.target, req.query);
    let method = req.method;
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    let attempt = 0;
    let redirects = 0;
    let unreadable = 0;
    let failingSince: number | undefined;
    let mayHaveRepeated = false;
    /** The last attempt was a 429 already told as a retry wait: its quota pause is not told again. */
    let toldThrottle = false;

    for (;;) {
      attempt += 1;
      const endpoint = this.endpointOf(method, url);
      const resource = quotaResourceOf(this.relativePath(url));
      const quota = resource ? this.deps.quotas[resource] : undefined;
      let permit: Permit | undefined;
      try {
        if (quota && resource) {
          const expected = quota.expectedWaitMs();
          if (!toldThrottle && expected >= (this.deps.waitNoticeMs ?? 500)) {
            this.notice({ kind: 'quota', resource, ms: expected, limit: quota.limit });
          }
        }
        permit = quota ? await quota.acquire(req.priority, this.deps.signal) : undefined;
      } catch (err) {
        if (this.deps.signal?.aborted) throw this.interrupted(endpoint, attempt);
        throw err;
      }
      counters.requests[resource ?? 'other'] += 1;
      const started = performance.now();
      const outcome = await this.attempt(method, url, payload, permit, quota, attempt);
      const status = 'status' in outcome ? outcome.status : 0;
      if (status === 429) counters.throttled += 1;
      if ('failure' in outcome || status >= 500) reach.failed(clock.now());
      else reach.answered();
      this.deps.debug?.(
        redact(
          `${method} ${url.origin}${url.pathname}${url.search} → ${'failure' in outcome ? outcome.failure.init.kind : status}` +
            ` in ${Math.round(performance.now() - started)} ms` +
            ` (quota wait ${Math.round(permit?.waitedMs ?? 0)} ms, retry ${attempt - 1}, Authorization: [redacted])`,
          this.deps.connection.token,
        ),
      );

      let failure: Failure;
      let after: string;
      if ('failure' in outcome) {
        failure = outcome.failure;
        if (outcome.permanent) throw this.fail(failure);
        after = failure.init.kind === 'timeout' ? 'a timeout' : wordsForCode(/\(([^()]+)\)$/.exec(failure.message)?.[1]);
      } else if (status >= 200 && status < 300) {
        const text = outcome.text;
        if (text.trim() === '') return { status, body: undefined, headers: outcome.headers, url: url.toString(), mayHaveRepeated };
        try {
          return { status, body: JSON.parse(text) as unknown, headers: outcome.headers, url: url.toString(), mayHaveRepeated };
        } catch {
          const init = { kind: 'malformed' as const, endpoint, status, attempts: attempt };
          // Accepted, but unreadable: sending it again would start a second batch.
          if (isWrite) {
            throw this.fail({
              message: `${endpoint}: the API accepted the request (${status}) but its answer is not JSON`,
              init: { ...init, outcomeUnknown: true },
            });
          }
          failure = { message: `${endpoint}: the answer (${status}) is not valid JSON`, init };
          unreadable += 1;
          if (unreadable >= retry.maxAttempts) {
            throw this.fail({ message: `${failure.message} (gave up after ${unreadable} unreadable answers)`, init: { ...init, attempts: attempt } });
          }
          after = 'an unreadable answer';
        }
      } else if (status >= 300 && status < 400) {
        const location = outcome.headers.get('location');
        const next = redirectTarget({ method, from: url, location, status, hops: ++redirects, endpoint }, this.base.origin);
        if ('init' in next) throw this.fail(next);
        method = next.method;
        url = next.url;
        attempt -= 1; // a redirect is a hop, not a failed attempt
        continue;
      } else {
        failure = statusFailure(endpoint, status, outcome.text, attempt, {
          isListing: method === 'GET' && isListingPath(this.relativePath(url)),
          basePath: this.base.pathname,
        });
        if (failure.init.kind !== 'throttled' && failure.init.kind !== 'server') throw this.fail(failure);
        after = String(status);
      }

      if (isWrite && failure.init.outcomeUnknown && req.resendLost === false) throw this.fail(failure);
      // A write whose answer was lost, or failed on the server's side, may have been carried out.
      if (isWrite && (failure.init.outcomeUnknown || failure.init.kind === 'server')) mayHaveRepeated = true;
      const t = clock.now();
      failingSince ??= t;
      const unreachable = failure.init.kind === 'network' || failure.init.kind === 'timeout' || failure.init.kind === 'server';
      const since = unreachable ? Math.min(failingSince, reach.unreachableSince ?? failingSince) : failingSince;
      if (t - since >= retry.outageMs) {
        const why = unreachable
          ? `the API has been unreachable since ${new Date(since).toISOString()} (${Math.round((t - since) / 1000)} s)`
          : `still ${failure.init.kind} after ${Math.round((t - since) / 1000)} s`;
        throw this.fail({
          message: `${failure.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${why})`,
          init: { ...failure.init, attempts: attempt },
        });
      }
      // Throttling is handled by the quota's pause; other failures back off here.
      const throttledByQuota = status === 429 && quota !== undefined;
      const retryAfter = 'status' in outcome ? this.retryAfter(status, outcome.headers, quota, outcome.text) : undefined;
      const delay = throttledByQuota
        ? quota.pausedFor()
        : (retryAfter ?? backoffDelay(Math.min(attempt, 16), retry.baseDelayMs, retry.maxDelayMs, this.random));
      counters.retried += 1;
      toldThrottle = throttledByQuota;
      this.notice({
        kind: 'retry',
        method,
        url: `${url.origin}${url.pathname}`,
        ms: delay,
        after,
        retry: attempt,
        ...(unreachable && reach.unreachableSince !== undefined ? { unreachableSince: reach.unreachableSince } : {}),
      });
      if (!throttledByQuota) await clock.sleep(delay, this.deps.signal).catch(() => Promise.reject(this.interrupted(endpoint, attempt)));
    }
  }
}
