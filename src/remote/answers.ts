/**
 * Classifying what came back from one attempt: network failures and timeouts, error statuses
 * (with the body's `detail`/`code`), and redirects shelf may follow. Pure: the transport turns
 * each failure into a RemoteError after redacting it.
 */
import type { RemoteErrorInit } from './errors.js';

export interface Failure {
  message: string;
  init: RemoteErrorInit;
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

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** TLS verification failures: asking again never helps, the certificate (or the URL) must change. */
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_)/;

/** The innermost `code` (undici wraps the socket's error in `cause`, sometimes twice). */
function errorCode(err: unknown): string {
  let e = err as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  let code: string | undefined;
  let message: string | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') code = e.code;
    if (typeof e.message === 'string' && e.message) message = e.message;
    e = e.cause as typeof e;
  }
  return code ?? message ?? String(err);
}

export interface NetworkContext {
  endpoint: string;
  /** `https://host:port`: what the words name. */
  origin: string;
  attempts: number;
  isWrite: boolean;
  /** Which of shelf's own time limits cut the exchange, if one did. */
  stall?: 'headers' | 'body' | 'total';
  limits: { headersMs: number; bodyIdleMs: number; totalMs: number };
  /**
   * Whether a refused connection or an unknown host name can be a passing outage: on a
   * loopback host (the sandbox restarting) or once the API has answered in this run. Otherwise
   * the URL is wrong and retrying only wastes the user's time.
   */
  mayBeOutage: boolean;
}

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`);

/**
 * A fetch that threw: the connection failed, dropped, or took too long. A write's outcome is
 * then unknown. `permanent` failures (wrong host name, wrong port, untrusted certificate) are
 * not retried.
 */
export function networkFailure(err: unknown, ctx: NetworkContext): Failure & { permanent: boolean } {
  const { endpoint, attempts, isWrite } = ctx;
  const code = errorCode(err);
  const host = ctx.origin.replace(/^[a-z]+:\/\//, '');
  const base = { endpoint, attempts, outcomeUnknown: isWrite };
  if (ctx.stall === 'headers' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { message: `${endpoint}: no response headers from ${host} within ${seconds(ctx.limits.headersMs)}`, init: { ...base, kind: 'timeout' }, permanent: false };
  }
  if (ctx.stall === 'body' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { message: `${endpoint}: the answer from ${host} stalled (no data for ${seconds(ctx.limits.bodyIdleMs)})`, init: { ...base, kind: 'timeout' }, permanent: false };
  }
  if (ctx.stall === 'total' || TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? `could not connect to ${host} in time` : `no complete answer from ${host} within ${seconds(ctx.limits.totalMs)}`;
    return { message: `${endpoint}: ${what}`, init: { ...base, kind: 'timeout' }, permanent: false };
  }
  if (TLS_CODE.test(code)) {
    return {
      message: `${endpoint}: the TLS certificate of ${host} is not trusted (${code}); check the URL, or the certificate authorities this machine trusts (NODE_EXTRA_CA_CERTS)`,
      init: { ...base, kind: 'network', outcomeUnknown: false },
      permanent: true,
    };
  }
  if (code === 'ENOTFOUND' && !ctx.mayBeOutage) {
    return {
      message: `${endpoint}: the host name ${host.replace(/:\d+$/, '')} was not found (DNS: ENOTFOUND); check the URL`,
      init: { ...base, kind: 'network', outcomeUnknown: false },
      permanent: true,
    };
  }
  if (code === 'ECONNREFUSED' && !ctx.mayBeOutage) {
    return {
      message: `${endpoint}: ${host} refused the connection (ECONNREFUSED); check the URL and its port`,
      init: { ...base, kind: 'network', outcomeUnknown: false },
      permanent: true,
    };
  }
  // Refused or unresolved before anything was sent: the API cannot have carried the request out.
  const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return {
    message: `${endpoint}: connection failed (${code})`,
    init: { ...base, kind: 'network', outcomeUnknown: isWrite && !neverSent },
    permanent: false,
  };
}

/** Where the request went, for hints about the base URL. */
export interface RequestPlace {
  /** A GET of a list endpoint (products, categories). */
  isListing: boolean;
  /** The base URL's path, e.g. `/api/`. */
  basePath: string;
}

/**
 * Why a list endpoint can answer 404: the base URL misses the API's path prefix (Seller Center
 * serves it under `/api`), the most common slip when setting SHELF_URL by hand.
 */
function notFoundHint(status: number, place: RequestPlace | undefined): string | undefined {
  if (status !== 404 || !place?.isListing || /\/api\/$/.test(place.basePath)) return undefined;
  return 'The base URL (SHELF_URL, --url or seller_center.url) usually ends in /api, e.g. https://seller-center.example.com/api.';
}

/** A non-2xx, non-3xx status. 429 and 5xx are retryable; any other 4xx is final. */
export function statusFailure(endpoint: string, status: number, text: string, attempts: number, place?: RequestPlace): Failure {
  const { detail, code } = errorBodyFields(text);
  const hint = notFoundHint(status, place);
  const base = { endpoint, status, attempts, ...(detail ? { detail } : {}), ...(code ? { code } : {}), ...(hint ? { hint } : {}) };
  const said = detail ? `: ${detail}` : '';
  if (status === 429) return { message: `${endpoint}: throttled (429) by the API`, init: { ...base, kind: 'throttled' } };
  if (status >= 500) return { message: `${endpoint}: the API failed (${status})${said}`, init: { ...base, kind: 'server' } };
  if (status === 401) {
    return {
      message: `${endpoint}: the API refused the token (401): check SHELF_TOKEN${detail ? ` (${detail})` : ''}`,
      init: { ...base, kind: 'auth' },
    };
  }
  if (status === 403) {
    return { message: `${endpoint}: the token is not allowed to do this (403)${said}`, init: { ...base, kind: 'auth' } };
  }
  return {
    message: `${endpoint}: the API rejected the request (${status})${said}${code ? ` [${code}]` : ''}`,
    init: { ...base, kind: 'client' },
  };
}

export const MAX_REDIRECTS = 5;

/**
 * Where a redirect leads, or why shelf will not follow it: only on the API's own origin (the
 * key goes with it), and a write only with 307/308, which keep the method and body.
 */
export function redirectTarget<M extends string>(
  r: { method: M; from: URL; location: string | null; status: number; hops: number; endpoint: string },
  apiOrigin: string,
): { method: M; url: URL } | Failure {
  const init = { kind: 'redirect' as const, endpoint: r.endpoint, status: r.status };
  if (!r.location) return { message: `${r.endpoint}: the API answered ${r.status} without a Location`, init };
  if (r.hops > MAX_REDIRECTS) return { message: `${r.endpoint}: too many redirects`, init };
  const to = new URL(r.location, r.from);
  if (to.origin !== apiOrigin) {
    return {
      message: `${r.endpoint}: the API redirected to another origin (${to.origin}); shelf does not follow it with the API key`,
      init,
    };
  }
  if (r.method !== 'GET' && r.status !== 307 && r.status !== 308) {
    return { message: `${r.endpoint}: the API redirected a ${r.method} with ${r.status}; refusing to change it into a GET`, init };
  }
  return { method: r.method, url: to };
}
