/**
 * What can be configured on a sandbox: durations (all divided by `timeScale`), quotas, the
 * "unknown" API variants it can emulate, and injected faults.
 */
import type { RateLimit } from '../model/settings.js';
import { DEFAULT_RATE_LIMITS } from '../model/settings.js';

/** Quota resources the sandbox throttles (`i1/*` and `/files/` are unlimited). */
export type SandboxResource = 'products' | 'categories' | 'packages' | 'claims';

export type StatusFormat = 'names' | 'numbers' | 'numeric-strings' | 'titles';
export type WriteResponse = 'batch' | 'batch_request_id' | 'id-only';
export type RetryAfterFormat = 'seconds' | 'http-date' | 'absent';

export interface SandboxVariants {
  /** PRD107 `status`: `"partially_succeeded"`, `4`, `"4"` or `"Partially Succeeded"`. */
  statusFormat: StatusFormat;
  /** Body of a write's 202: the PRD107 object, `{"batch_request_id"}` or `{"id"}`. */
  writeResponse: WriteResponse;
  /** Largest page PRD102/PRD108 return whatever `limit` asks; undefined = no cap. */
  pageSizeCap?: number;
  /** Whether PRD102 items carry `price`, `retail_price` and `stock`. */
  offerFieldsInList: boolean;
  retryAfter: RetryAfterFormat;
  /** Origin (e.g. `https://cdn.sandbox.test`) that batch file URLs point at; default: the request's. */
  filesOrigin?: string;
  /** Undocumented fields in every JSON object the API returns. */
  extraFields: boolean;
  /** Enumerations gain a value the documentation does not list (a queued batch reports it). */
  unknownEnumValues: boolean;
  /** Listings report a `count` of 10^9 whatever they hold (`next` stays right). */
  bogusCount: boolean;
  /** Listings' `next` points to the page itself while more remain. */
  nextSelf: boolean;
  /**
   * `created_at`/`updated_at` stamped to the whole second (as many databases and serializers
   * do): listings show and filter the truncated value, so two edits in one second look alike.
   */
  wholeSecondStamps: boolean;
}

export interface SandboxFaults {
  /** Fractions (0..1) of `/api` requests answered with a spurious 429, a 5xx, a dropped connection. */
  rate429: number;
  rate5xx: number;
  rateDrop: number;
  /** Fraction of requests carried out whose answer is then lost (the connection drops after the work). */
  rateLost: number;
  /** Fraction of requests answered only after `slowMs` real milliseconds (not scaled). */
  rateSlow: number;
  slowMs: number;
  /** Fraction of successful GET responses whose JSON body is cut short. */
  rateMalformed: number;
  /** PRNG seed: the same seed and request sequence give the same faults. */
  seed: number;
  /** Of the dropped connections, the fraction dropped *after* the request was carried out (as `lost`). */
  dropAfter: number;
  /** Fraction of requests that never get response headers (the server hangs until the client gives up). */
  rateHang: number;
  /** Fraction of successful GET answers whose body is trickled: one byte every `trickleMs` real ms. */
  rateTrickle: number;
  trickleMs: number;
  /**
   * Outages: from `startMs` after the sandbox started, for `durationMs` (real time, not
   * scaled), every `/api` connection is dropped before the request is carried out.
   */
  outages: { startMs: number; durationMs: number }[];
  /** From this many ms after the start (until `revokedUntilMs`, if set), the token is refused (401). */
  revokedFromMs?: number;
  revokedUntilMs?: number;
}

export interface BatchTiming {
  /** Time a batch stays pending before processing starts. */
  queuedMs: number;
  /** Processing time: base plus a cost per item. */
  baseMs: number;
  perItemMs: number;
}

export interface RequestLogEntry {
  /** ISO time from the sandbox clock. */
  time: string;
  method: string;
  /** Path and query, e.g. `/api/i2/products/?page=2`. */
  path: string;
  status: number;
  throttled: boolean;
  resource?: SandboxResource;
  /** The injected fault, if one was. */
  fault?: 'throttle' | '5xx' | 'drop' | 'lost' | 'slow' | 'malformed' | 'hang' | 'trickle' | 'outage' | 'revoked';
  /** Whether an Authorization header came with the request (never its value). */
  authorization: boolean;
}

export interface SandboxOptions {
  /** The `Authorization` value accepted verbatim; default: random. */
  token?: string;
  /** Divides every duration (quota window, batch processing, approval delay). Default 1. */
  timeScale?: number;
  /** Delay before a new product is approved (before scaling). Default 30 s. */
  approvalDelayMs?: number;
  /** Batch processing time: one number (fixed) or the parts (before scaling). */
  batchProcessingMs?: number | Partial<BatchTiming>;
  /** Per-resource quotas (before scaling of the window); default: the documented ones. */
  rateLimits?: Partial<Record<SandboxResource, RateLimit | null>>;
  variants?: Partial<SandboxVariants>;
  faults?: Partial<SandboxFaults>;
  /** Clock in epoch milliseconds; default `Date.now`. Tests inject one to move time by hand. */
  now?: () => number;
  /**
   * How far the server's clock is off the client's (ms; negative = behind): its `Date` header,
   * `created_at`/`updated_at` stamps and date filters use `now() + clockSkewMs`.
   */
  clockSkewMs?: number;
  /** Called after every request (used by `shelf sandbox` to log to stderr). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface ResolvedOptions {
  token: string;
  /** The sandbox clock's time when it was created: outages and revocation count from it. */
  startedAt: number;
  timeScale: number;
  approvalDelayMs: number;
  batch: BatchTiming;
  /** Quotas with the window already scaled; a missing resource is unlimited. */
  rateLimits: Partial<Record<SandboxResource, RateLimit>>;
  variants: SandboxVariants;
  faults: SandboxFaults;
  now: () => number;
  /** See SandboxOptions.clockSkewMs; changed at run time through the control API. */
  clockSkewMs: number;
  onRequest?: (entry: RequestLogEntry) => void;
}

export const DEFAULT_VARIANTS: SandboxVariants = {
  statusFormat: 'names',
  writeResponse: 'batch',
  offerFieldsInList: true,
  retryAfter: 'seconds',
  extraFields: false,
  unknownEnumValues: false,
  bogusCount: false,
  nextSelf: false,
  wholeSecondStamps: false,
};

export const NO_FAULTS: SandboxFaults = {
  rate429: 0,
  rate5xx: 0,
  rateDrop: 0,
  rateLost: 0,
  rateSlow: 0,
  slowMs: 2000,
  rateMalformed: 0,
  seed: 1,
  dropAfter: 0,
  rateHang: 0,
  rateTrickle: 0,
  trickleMs: 10_000,
  outages: [],
};

const DEFAULT_BATCH: BatchTiming = { queuedMs: 1000, baseMs: 2000, perItemMs: 10 };

export function resolveOptions(options: SandboxOptions, randomToken: () => string): ResolvedOptions {
  const timeScale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1;
  const scale = (ms: number) => ms / timeScale;
  const timing =
    typeof options.batchProcessingMs === 'number'
      ? { queuedMs: 0, baseMs: options.batchProcessingMs, perItemMs: 0 }
      : { ...DEFAULT_BATCH, ...options.batchProcessingMs };
  const rateLimits: Partial<Record<SandboxResource, RateLimit>> = {};
  for (const resource of Object.keys(DEFAULT_RATE_LIMITS) as SandboxResource[]) {
    const limit = options.rateLimits && resource in options.rateLimits ? options.rateLimits[resource] : undefined;
    const chosen = limit === undefined ? DEFAULT_RATE_LIMITS[resource] : limit;
    if (chosen) rateLimits[resource] = { requests: chosen.requests, windowMs: scale(chosen.windowMs) };
  }
  return {
    token: options.token ?? randomToken(),
    timeScale,
    approvalDelayMs: scale(options.approvalDelayMs ?? 30_000),
    batch: { queuedMs: scale(timing.queuedMs), baseMs: scale(timing.baseMs), perItemMs: scale(timing.perItemMs) },
    rateLimits,
    variants: { ...DEFAULT_VARIANTS, ...options.variants },
    faults: { ...NO_FAULTS, ...options.faults },
    now: options.now ?? Date.now,
    startedAt: (options.now ?? Date.now)(),
    clockSkewMs: options.clockSkewMs ?? 0,
    onRequest: options.onRequest,
  };
}
