/**
 * Errors of the Seller Center client. Each names the endpoint and says what the user can do;
 * none ever contains the token (messages are built from redacted text only).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { redactToken } from './secret.js';

/**
 * - `network`: the connection failed or dropped; `timeout`: no answer in time;
 * - `throttled`: 429 beyond the retry budget; `server`: 5xx beyond the retry budget;
 * - `auth`: 401/403; `client`: any other 4xx; `malformed`: a 2xx body shelf cannot read;
 * - `redirect`: the API redirected somewhere shelf will not follow (another origin);
 * - `aborted`: the run was interrupted.
 */
export type RemoteErrorKind =
  | 'network'
  | 'timeout'
  | 'throttled'
  | 'server'
  | 'auth'
  | 'client'
  | 'malformed'
  | 'redirect'
  | 'aborted';

export interface RemoteErrorInit {
  kind: RemoteErrorKind;
  /** `METHOD https://host:port/path` of the request: no query (long values), no credentials. */
  endpoint: string;
  status?: number;
  /** The body's `detail` and `code`, when the API sent them. */
  detail?: string;
  code?: string;
  attempts?: number;
  /** True when the outcome of a write is unknown (its 2xx answer was lost or unreadable). */
  outcomeUnknown?: boolean;
  /** What the user can likely do about it, when the answer suggests one (e.g. a base URL without /api). */
  hint?: string;
}

export class RemoteError extends Error {
  readonly kind: RemoteErrorKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
  readonly hint?: string;

  constructor(message: string, init: RemoteErrorInit) {
    super(message);
    this.name = 'RemoteError';
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.detail = init.detail;
    this.code = init.code;
    this.attempts = init.attempts ?? 1;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.hint = init.hint;
  }

  /** Retryable classes: the same request may succeed later. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'throttled' || this.kind === 'server';
  }
}

export function isRemoteError(err: unknown): err is RemoteError {
  return err instanceof RemoteError;
}

/** Turns a client error into a diagnostic a command can render (exceptions that are bugs pass through). */
export function remoteErrorToDiagnostic(err: RemoteError, sku?: string): Diagnostic {
  const detail =
    err.hint ??
    (err.kind === 'auth'
      ? 'Check SHELF_TOKEN (or SHELF_TOKEN_FILE) and that the key is active for this seller.'
      : err.kind === 'throttled'
        ? 'The API kept answering 429; another client may be using the same quota. Try again later.'
        : err.kind === 'network' || err.kind === 'timeout'
          ? 'Check the URL (SHELF_URL, --url or seller_center.url) and the network.'
          : undefined);
  return {
    severity: 'error',
    code: `remote-${err.kind}`,
    summary: err.message,
    ...(detail ? { detail } : {}),
    ...(sku ? { sku } : {}),
  };
}

/**
 * Replaces the secret in a text (e.g. an error body that echoes the header): the whole
 * `Authorization` value, the key without its scheme word, and pieces of the key (see secret.ts).
 */
export function redact(text: string, secret: string | undefined): string {
  return redactToken(text, secret);
}
