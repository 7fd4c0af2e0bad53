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
 * sent twice because the first answer was lost leaves the same state as one. A write whose
 * 2xx answer *was* received is never sent again, even when that answer is unreadable: its
 * batch exists, and a second one would repeat the work (and report a delete's SKU as missing).
 */
import type { Agent } from 'undici';
import type { QuotaResource } from '../model/settings.js';
import { VERSION } from '../package-info.js';
import type { Connection } from './connection.js';
import { quotaResourceOf } from './endpoints.js';
import { RemoteError, redact } from './errors.js';
import { withDispatcher } from './fetch-init.js';
import type { Permit, QuotaPriority, RollingWindowQuota } from './quota.js';
import { backoffDelay, parseRetryAfter } from './retry-after.js';
import type { RequestCounters } from './types.js';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Back-off of the first retry; doubles each time, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time one request may spend waiting between attempts. */
  maxTotalWaitMs: number;
  /** One attempt's time limit (connect + answer + body). */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 5 * 60_000,
  attemptTimeoutMs: 120_000,
};

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** A path under the base URL (`/i2/products/`) or an absolute URL on the API origin (a `next` link). */
  target: string;
  query?: Record<string, string>;
  body?: unknown;
  priority: QuotaPriority;
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
}

const MAX_REDIRECTS = 5;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `detail` and `code` of an error body, tolerating any shape. */
export function errorBodyFields(text: string): { detail?: string; code?: string } {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const o = body as Record<string, unknown>;
      const detail = typeof o.detail === 'string' ? o.detail : o.detail !== undefined ? JSON.stringify(o.detail) : undefined;
      const code = typeof o.code === 'string' ? o.code : undefined;
      if (detail || code) return { detail, code };
      return { detail: JSON.stringify(body).slice(0, 500) };
    }
    if (Array.isArray(body)) return { detail: JSON.stringify(body).slice(0, 500) };
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.trim();
  return trimmed ? { detail: trimmed.slice(0, 300) } : {};
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export class Transport {
  private readonly base: URL;
  private readonly deps: TransportDeps;
  private readonly random: () => number;

  constructor(deps: TransportDeps) {
    this.deps = deps;
    this.base = new URL(`${deps.connection.baseUrl}/`);
    this.random = deps.random ?? Math.random;
  }

  get origin(): string {
    return this.base.origin;
  }

  /** Resolves a target against the base URL; refuses anything off the API's origin. */
  resolve(target: string, query?: Record<string, string>): URL {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(target)
      ? new URL(target)
      : new URL(target.replace(/^\/+/, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw new RemoteError(`The API pointed shelf at another origin (${url.origin}); refusing to send the API key there`, {
        kind: 'redirect',
        endpoint: this.endpointOf('GET', url),
      });
    }
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  private relativePath(url: URL): string {
    const basePath = this.base.pathname;
    return url.pathname.startsWith(basePath) ? `/${url.pathname.slice(basePath.length)}` : url.pathname;
  }

  private endpointOf(method: string, url: URL): string {
    return `${method} ${url.pathname}`;
  }

  private headers(hasBody: boolean): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/json',
      authorization: this.deps.connection.token,
      'user-agent': `shelf/${VERSION}`,
    };
    if (this.deps.connection.language) h['accept-language'] = this.deps.connection.language;
    if (hasBody) h['content-type'] = 'application/json';
    return h;
  }

  private trace(line: string): void {
    this.deps.debug?.(redact(line, this.deps.connection.token));
  }

  private fail(message: string, init: ConstructorParameters<typeof RemoteError>[1]): RemoteError {
    const token = this.deps.connection.token;
    return new RemoteError(redact(message, token), {
      ...init,
      ...(init.detail !== undefined ? { detail: redact(init.detail, token) } : {}),
      ...(init.code !== undefined ? { code: redact(init.code, token) } : {}),
    });
  }

  /** Sends one API request with quotas and retries; resolves with the parsed 2xx body. */
  async request(req: ApiRequest): Promise<ApiResponse> {
    const { retry } = this.deps;
    const isWrite = req.method !== 'GET';
    let url = this.resolve(req.target, req.query);
    let method = req.method;
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    let attempt = 0;
    let redirects = 0;
    let waited = 0;
    let lastError: RemoteError | undefined;
    let mayHaveRepeated = false;

    for (;;) {
      attempt += 1;
      const endpoint = this.endpointOf(method, url);
      const resource = quotaResourceOf(this.relativePath(url));
      const quota = resource ? this.deps.quotas[resource] : undefined;
      let permit: Permit | undefined;
      try {
        permit = quota ? await quota.acquire(req.priority, this.deps.signal) : undefined;
      } catch (err) {
        if (this.deps.signal?.aborted) throw this.fail(`${endpoint}: interrupted`, { kind: 'aborted', endpoint, attempts: attempt });
        throw err;
      }
      this.deps.counters.requests[resource ?? 'other'] += 1;
      const started = performance.now();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error('attempt timed out')), retry.attemptTimeoutMs);
      const signal = this.deps.signal ? AbortSignal.any([this.deps.signal, timeout.signal]) : timeout.signal;
      let status = 0;
      let text = '';
      let headers = new Headers();
      let failure: RemoteError | undefined;
      try {
        const init: RequestInit = {
          method,
          headers: this.headers(payload !== undefined),
          redirect: 'manual',
          signal,
          ...(payload !== undefined ? { body: payload } : {}),
        };
        const res = await globalThis.fetch(url, withDispatcher(init, this.deps.agent));
        status = res.status;
        headers = res.headers;
        // The server has counted the request by the time its answer starts: the token's window starts now.
        permit?.settle(
          status === 429 ? { throttled: true, retryAfterMs: this.retryAfter(status, headers, quota) } : { throttled: false },
        );
        text = await res.text();
      } catch (err) {
        if (this.deps.signal?.aborted) {
          permit?.settle({ throttled: false });
          throw this.fail(`${endpoint}: interrupted`, { kind: 'aborted', endpoint, attempts: attempt });
        }
        const code = networkCause(err);
        const timedOut = timeout.signal.aborted || TIMEOUT_CODES.has(code);
        failure = this.fail(
          timedOut ? `${endpoint}: no answer within the time limit` : `${endpoint}: connection failed (${code})`,
          { kind: timedOut ? 'timeout' : 'network', endpoint, attempts: attempt, outcomeUnknown: isWrite },
        );
      } finally {
        clearTimeout(timer);
      }

      const cappedRetryAfter = this.retryAfter(status, headers, quota);
      // Settled already when the answer's head arrived; this covers failures (settle is once only).
      permit?.settle({ throttled: false });
      if (status === 429) this.deps.counters.throttled += 1;
      const duration = Math.round(performance.now() - started);
      this.trace(
        `${method} ${url.pathname}${url.search} → ${failure ? failure.kind : status} in ${duration} ms` +
          ` (quota wait ${Math.round(permit?.waitedMs ?? 0)} ms, retry ${attempt - 1})`,
      );

      if (!failure) {
        if (status >= 200 && status < 300) {
          if (text.trim() === '') return { status, body: undefined, headers, url: url.toString(), mayHaveRepeated };
          try {
            return { status, body: JSON.parse(text) as unknown, headers, url: url.toString(), mayHaveRepeated };
          } catch {
            if (isWrite) {
              // Accepted, but unreadable: sending it again would start a second batch.
              throw this.fail(`${endpoint}: the API accepted the request (${status}) but its answer is not JSON`, {
                kind: 'malformed',
                endpoint,
                status,
                attempts: attempt,
                outcomeUnknown: true,
              });
            }
            failure = this.fail(`${endpoint}: the answer (${status}) is not valid JSON`, {
              kind: 'malformed',
              endpoint,
              status,
              attempts: attempt,
            });
          }
        } else if (status >= 300 && status < 400) {
          const next = this.followRedirect(method, url, headers.get('location'), status, ++redirects, endpoint);
          method = next.method;
          url = next.url;
          attempt -= 1; // a redirect is a hop, not a failed attempt
          continue;
        } else if (status === 429) {
          failure = this.fail(`${endpoint}: throttled (429) by the API`, { kind: 'throttled', endpoint, status, attempts: attempt });
        } else if (status >= 500) {
          const { detail, code } = errorBodyFields(text);
          failure = this.fail(`${endpoint}: the API failed (${status})${detail ? `: ${detail}` : ''}`, {
            kind: 'server',
            endpoint,
            status,
            detail,
            code,
            attempts: attempt,
          });
        } else {
          throw this.clientError(endpoint, status, text, attempt);
        }
      }

      lastError = failure;
      // A write whose answer was lost, or failed on the server's side, may have been carried out.
      if (isWrite && (failure.outcomeUnknown || failure.kind === 'server')) mayHaveRepeated = true;
      // Throttling is handled by the quota's pause; other failures back off here.
      const delay =
        status === 429 && quota
          ? quota.pausedFor()
          : (cappedRetryAfter ?? backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs, this.random));
      if (attempt >= retry.maxAttempts || waited + delay > retry.maxTotalWaitMs) {
        throw this.fail(`${lastError.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`, {
          kind: lastError.kind,
          endpoint: lastError.endpoint,
          status: lastError.status,
          detail: lastError.detail,
          code: lastError.code,
          attempts: attempt,
          outcomeUnknown: lastError.outcomeUnknown,
        });
      }
      waited += delay;
      this.deps.counters.retried += 1;
      if (!(status === 429 && quota)) {
        try {
          await sleep(delay, this.deps.signal);
        } catch {
          throw this.fail(`${endpoint}: interrupted`, { kind: 'aborted', endpoint, attempts: attempt });
        }
      }
    }
  }

  /**
   * Retry-After of a 429 or 503, in milliseconds. Within one rolling window a slot always
   * frees, so a 429's longer Retry-After (a server in another time scale) is capped at the window.
   */
  private retryAfter(status: number, headers: Headers, quota: RollingWindowQuota | undefined): number | undefined {
    if (status !== 429 && status !== 503) return undefined;
    const ms = parseRetryAfter(headers.get('retry-after'), headers.get('date'));
    if (ms === undefined) return undefined;
    return Math.min(ms, status === 429 && quota ? quota.limit.windowMs * 1.05 : this.deps.retry.maxDelayMs);
  }

  private clientError(endpoint: string, status: number, text: string, attempts: number): RemoteError {
    const { detail, code } = errorBodyFields(text);
    if (status === 401) {
      return this.fail(`${endpoint}: the API refused the token (401): check SHELF_TOKEN${detail ? ` (${detail})` : ''}`, {
        kind: 'auth',
        endpoint,
        status,
        detail,
        code,
        attempts,
      });
    }
    if (status === 403) {
      return this.fail(`${endpoint}: the token is not allowed to do this (403)${detail ? `: ${detail}` : ''}`, {
        kind: 'auth',
        endpoint,
        status,
        detail,
        code,
        attempts,
      });
    }
    const codePart = code ? ` [${code}]` : '';
    return this.fail(`${endpoint}: the API rejected the request (${status})${detail ? `: ${detail}` : ''}${codePart}`, {
      kind: 'client',
      endpoint,
      status,
      detail,
      code,
      attempts,
    });
  }

  private followRedirect(
    method: ApiRequest['method'],
    from: URL,
    location: string | null,
    status: number,
    hops: number,
    endpoint: string,
  ): { method: ApiRequest['method']; url: URL } {
    if (!location) {
      throw this.fail(`${endpoint}: the API answered ${status} without a Location`, { kind: 'redirect', endpoint, status });
    }
    if (hops > MAX_REDIRECTS) {
      throw this.fail(`${endpoint}: too many redirects`, { kind: 'redirect', endpoint, status });
    }
    const to = new URL(location, from);
    if (to.origin !== this.base.origin) {
      throw this.fail(
        `${endpoint}: the API redirected to another origin (${to.origin}); shelf does not follow it with the API key`,
        { kind: 'redirect', endpoint, status },
      );
    }
    // 307/308 keep the method and body; 301/302/303 would turn a write into a GET, which is never what was meant.
    if (method !== 'GET' && status !== 307 && status !== 308) {
      throw this.fail(`${endpoint}: the API redirected a ${method} with ${status}; refusing to change it into a GET`, {
        kind: 'redirect',
        endpoint,
        status,
      });
    }
    return { method, url: to };
  }
}
