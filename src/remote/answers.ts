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

/** A fetch that threw: the connection failed, dropped, or took too long. A write's outcome is then unknown. */
export function networkFailure(err: unknown, endpoint: string, attempts: number, isWrite: boolean, timedOut: boolean): Failure {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  const timeout = timedOut || TIMEOUT_CODES.has(code);
  return {
    message: timeout ? `${endpoint}: no answer within the time limit` : `${endpoint}: connection failed (${code})`,
    init: { kind: timeout ? 'timeout' : 'network', endpoint, attempts, outcomeUnknown: isWrite },
  };
}

/** A non-2xx, non-3xx status. 429 and 5xx are retryable; any other 4xx is final. */
export function statusFailure(endpoint: string, status: number, text: string, attempts: number): Failure {
  const { detail, code } = errorBodyFields(text);
  const base = { endpoint, status, attempts, ...(detail ? { detail } : {}), ...(code ? { code } : {}) };
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
