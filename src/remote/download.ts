/**
 * Downloads a batch's error or success file. Such files may live on the API's own host or on
 * another one (a CDN, a signed storage URL): the API key is sent only when the file is on the
 * API's origin, and a redirect elsewhere drops it for good. Files are not under a quota.
 */
import { VERSION } from '../package-info.js';
import { attemptSignal } from './attempt-signal.js';
import { RemoteError, redact } from './errors.js';
import { withDispatcher } from './fetch-init.js';
import { backoffDelay } from './retry-after.js';
import { sleep } from './sleep.js';
import type { TransportDeps } from './transport.js';

export interface DownloadOptions {
  attempts: number;
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
  timeoutMs: number,
): Promise<{ status: number; text: string; url: URL }> {
  let url = start;
  let mayAuthorize = true;
  for (let hop = 0; ; hop++) {
    if (!allowedScheme(url)) throw new Error(`refusing to download over ${url.protocol} from ${url.host}`);
    mayAuthorize = mayAuthorize && url.origin === apiOrigin;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': `shelf/${VERSION}` };
    if (mayAuthorize) headers.authorization = deps.connection.token;
    const limit = attemptSignal(deps.signal, timeoutMs);
    deps.counters.requests.other += 1;
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await globalThis.fetch(url, withDispatcher({ headers, redirect: 'manual', signal: limit.signal }, deps.agent));
      text = await res.text();
    } finally {
      limit.dispose();
    }
    deps.debug?.(
      redact(`GET ${url.origin === apiOrigin ? url.pathname : `${url.origin}${url.pathname}`} → ${res.status} in ${Math.round(performance.now() - started)} ms (file${mayAuthorize ? ', Authorization: [redacted]' : ''})`, deps.connection.token),
    );
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
      const next = new URL(location, url);
      // Once the file has left the API's origin, the key is never sent again, even if it comes back.
      if (next.origin !== url.origin) mayAuthorize = false;
      url = next;
      continue;
    }
    return { status: res.status, text, url };
  }
}

/** Resolves with the file's parsed JSON, or rejects with a RemoteError after the attempts are spent. */
export async function downloadJson(
  fileUrl: string,
  deps: TransportDeps,
  apiOrigin: string,
  options: DownloadOptions,
): Promise<unknown> {
  const url = new URL(fileUrl, `${apiOrigin}/`);
  const endpoint = `GET ${url.origin === apiOrigin ? url.pathname : `${url.origin}${url.pathname}`}`;
  const random = deps.random ?? Math.random;
  let last = '';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const { status, text } = await fetchOnce(url, deps, apiOrigin, options.attemptTimeoutMs);
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          last = `the file is not valid JSON`;
        }
      } else {
        last = `the file host answered ${status}`;
        // A missing or forbidden file will not appear by asking again.
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) break;
      }
    } catch (err) {
      if (deps.signal?.aborted) throw new RemoteError(`${endpoint}: interrupted`, { kind: 'aborted', endpoint });
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      last = `download failed (${cause ?? (err as Error).message})`;
    }
    if (attempt < options.attempts) {
      deps.counters.retried += 1;
      await sleep(backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, random), deps.signal).catch(() => {
        throw new RemoteError(`${endpoint}: interrupted`, { kind: 'aborted', endpoint });
      });
    }
  }
  throw new RemoteError(redact(`${endpoint}: ${last}`, deps.connection.token), { kind: 'network', endpoint });
}
