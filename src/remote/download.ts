/**
 * Downloads a batch's error or success file. Such files may live on the API's own host or on
 * another one (a CDN, a signed storage URL): the API key is sent only when the file is on the
 * API's origin, and a redirect elsewhere drops it for good. Files are not under a quota.
 * Like every read, a download is retried while its host answers 429/5xx (after `Retry-After`)
 * or cannot be reached, for up to the outage bound — not for a number of attempts.
 */
import { VERSION } from '../package-info.js';
import { systemClock } from './clock.js';
import { RemoteError, redact } from './errors.js';
import { withDispatcher } from './fetch-init.js';
import { backoffDelay, parseRetryAfter } from './retry-after.js';
import { timedFetch } from './timed-fetch.js';
import type { TransportDeps } from './transport.js';

export interface DownloadOptions {
  /** Used only when `outageMs` is not given: the old attempt budget. */
  attempts: number;
  /** How long a file may keep failing (unreachable, 5xx, 429) before the download gives up. */
  outageMs?: number;
  headersTimeoutMs?: number;
  bodyIdleTimeoutMs?: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
}

const MAX_REDIRECTS = 5;

/** http(s) only. A plain-http file host never gets the key: only the API's own origin does. */
function allowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:';
}

async function fetchOnce(
  start: URL,
  deps: TransportDeps,
  apiOrigin: string,
  options: DownloadOptions,
): Promise<{ status: number; text: string; url: URL; headers: Headers }> {
  let url = start;
  let mayAuthorize = true;
  const limits = {
    headersMs: options.headersTimeoutMs ?? options.attemptTimeoutMs,
    bodyIdleMs: options.bodyIdleTimeoutMs ?? options.attemptTimeoutMs,
    totalMs: options.attemptTimeoutMs,
  };
  for (let hop = 0; ; hop++) {
    if (!allowedScheme(url)) throw new Error(`refusing to download over ${url.protocol} from ${url.host}`);
    mayAuthorize = mayAuthorize && url.origin === apiOrigin;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': `shelf/${VERSION}` };
    if (mayAuthorize) headers.authorization = deps.connection.token;
    deps.counters.requests.other += 1;
    const started = performance.now();
    const answer = await timedFetch(url, withDispatcher({ headers, redirect: 'manual' }, deps.agent), limits, deps.signal);
    if ('error' in answer) {
      const what = answer.stall === 'headers' ? `no response headers within ${Math.round(limits.headersMs / 1000)} s` : answer.stall === 'body' ? `the file stalled (no data for ${Math.round(limits.bodyIdleMs / 1000)} s)` : undefined;
      throw Object.assign(new Error(what ?? 'download failed'), { cause: (answer.error as { cause?: unknown }).cause ?? answer.error, stalled: what });
    }
    deps.debug?.(
      redact(`GET ${url.origin === apiOrigin ? url.pathname : `${url.origin}${url.pathname}`} → ${answer.status} in ${Math.round(performance.now() - started)} ms (file${mayAuthorize ? ', Authorization: [redacted]' : ''})`, deps.connection.token),
    );
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location && hop < MAX_REDIRECTS) {
      const next = new URL(location, url);
      // Once the file has left the API's origin, the key is never sent again, even if it comes back.
      if (next.origin !== url.origin) mayAuthorize = false;
      url = next;
      continue;
    }
    return { status: answer.status, text: answer.text, url, headers: answer.headers };
  }
}

/** Resolves with the file's parsed JSON, or rejects with a RemoteError once retrying is over. */
export async function downloadJson(
  fileUrl: string,
  deps: TransportDeps,
  apiOrigin: string,
  options: DownloadOptions,
): Promise<unknown> {
  const url = new URL(fileUrl, `${apiOrigin}/`);
  const endpoint = `GET ${url.origin}${url.pathname}`;
  const random = deps.random ?? Math.random;
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  let last: string;
  let unreadable = 0;
  for (let attempt = 1; ; attempt++) {
    let retryAfter: number | undefined;
    try {
      const { status, text, headers } = await fetchOnce(url, deps, apiOrigin, options);
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          last = `the file is not valid JSON`;
          unreadable += 1;
          // A file that is not JSON twice will not become JSON.
          if (unreadable >= 2) break;
        }
      } else {
        last = `the file host answered ${status}`;
        // A missing or forbidden file will not appear by asking again.
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) break;
        if (status === 429 || status === 503) retryAfter = parseRetryAfter(headers.get('retry-after'), headers.get('date'));
      }
    } catch (err) {
      if (deps.signal?.aborted) throw new RemoteError(`${endpoint}: interrupted`, { kind: 'aborted', endpoint });
      const e = err as { cause?: { code?: string }; stalled?: string; message?: string };
      last = e.stalled ?? `download failed (${e.cause?.code ?? e.message})`;
    }
    const outOfTime = options.outageMs !== undefined ? clock.now() - started >= options.outageMs : attempt >= options.attempts;
    if (outOfTime) break;
    deps.counters.retried += 1;
    const delay = Math.min(retryAfter ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, random), Math.max(options.maxDelayMs, 1));
    deps.onWait?.({ kind: 'retry', method: 'GET', url: `${url.origin}${url.pathname}`, ms: delay, after: last, retry: attempt });
    await clock.sleep(delay, deps.signal).catch(() => {
      throw new RemoteError(`${endpoint}: interrupted`, { kind: 'aborted', endpoint });
    });
  }
  throw new RemoteError(redact(`${endpoint}: ${last}`, deps.connection.token), { kind: 'network', endpoint });
}
