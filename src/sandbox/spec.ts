/**
 * The `--faults SPEC` string of `shelf sandbox`: comma-separated `key=value` pairs setting fault
 * rates and API variants, e.g. `429=0.1,5xx=0.05,drop=0.02,slow=0.1,seed=7,status=numbers`.
 */
import type { RetryAfterFormat, SandboxFaults, SandboxVariants, StatusFormat, WriteResponse } from './options.js';

export interface ParsedSpec {
  faults: Partial<SandboxFaults>;
  variants: Partial<SandboxVariants>;
  /** `clock=-2h`: the server's clock this far off the client's (ms). */
  clockSkewMs?: number;
  /** `files-origin=separate`: serve batch files from a second port. */
  separateFilesOrigin: boolean;
  errors: string[];
}

type RateKey = 'rate429' | 'rate5xx' | 'rateDrop' | 'rateLost' | 'rateSlow' | 'rateMalformed' | 'rateHang' | 'rateTrickle' | 'dropAfter';
const RATES: Record<string, RateKey> = {
  '429': 'rate429',
  '5xx': 'rate5xx',
  drop: 'rateDrop',
  lost: 'rateLost',
  slow: 'rateSlow',
  malformed: 'rateMalformed',
  hang: 'rateHang',
  trickle: 'rateTrickle',
  'drop-after': 'dropAfter',
};
/** The storm of issue reports: 30 % 429, 10 % 5xx, 3 % dropped connections, half of them after the work was done. */
const STORM = { rate429: 0.3, rate5xx: 0.1, rateDrop: 0.03, dropAfter: 0.5 };

/** `10s`, `500ms`, `2m`, `1.5s`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(unit === 'ms' ? n : unit === 's' ? n * 1000 : n * 60_000);
}
/** A clock skew: `-2h`, `+90s`, `1500ms`, `-1.5m` (no unit: seconds) → ms; undefined if unreadable. */
export function parseSkew(text: string): number | undefined {
  const m = /^([+-])?(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[m[3] ?? 's'] ?? 1000;
  return Math.round((m[1] === '-' ? -1 : 1) * Number(m[2]) * unit);
}

const STATUS: StatusFormat[] = ['names', 'numbers', 'numeric-strings', 'titles'];
const WRITE: WriteResponse[] = ['batch', 'batch_request_id', 'id-only'];
const RETRY: RetryAfterFormat[] = ['seconds', 'http-date', 'absent'];
const SWITCHES: Record<string, 'offerFieldsInList' | 'extraFields' | 'unknownEnumValues' | 'bogusCount' | 'nextSelf' | 'wholeSecondStamps'> = {
  'whole-seconds': 'wholeSecondStamps',
  'offer-fields': 'offerFieldsInList',
  'extra-fields': 'extraFields',
  'unknown-enums': 'unknownEnumValues',
  'bogus-count': 'bogusCount',
  'next-self': 'nextSelf',
};

export const SPEC_HELP = `Faults and API variants (--faults, comma-separated key=value):
  429=R 5xx=R drop=R slow=R malformed=R   fraction (0..1) of /api requests given that fault
  lost=R                                  fraction carried out whose answer is then lost (dropped)
  slow-ms=N                               delay of a slow reply in real ms (default 2000)
  seed=N                                  PRNG seed: same seed, same faults (default 1)
  status=names|numbers|numeric-strings|titles      PRD107 status values (default names)
  write=batch|batch_request_id|id-only             body of a write's 202 (default batch)
  page-cap=N                              at most N items per page whatever limit asks
  offer-fields=on|off                     price/retail_price/stock in PRD102 items (default on)
  retry-after=seconds|http-date|absent    Retry-After header of a 429 (default seconds)
  files-origin=separate|URL               batch files from a second port (or the given origin)
  extra-fields=on|off                     undocumented fields in responses (default off)
  unknown-enums=on|off                    a queued batch reports an undocumented status (default off)
  storm                                   429=0.3,5xx=0.1,drop=0.03,drop-after=0.5 (later keys override)
  drop-after=F                            of the dropped connections, the fraction dropped after the
                                          request was carried out (its answer lost)
  hang=R                                  fraction of requests that never get response headers
  trickle=R  trickle-ms=N                 fraction of GET answers whose body comes one byte every
                                          N real ms (default 10000)
  outage=DURATION@START                   from START after the sandbox started, for DURATION, every
                                          /api connection is dropped unanswered (real time, not
                                          scaled; repeatable), e.g. outage=10s@30s
  revoke=START[-END]                      from START (until END) the token is refused with 401,
                                          e.g. revoke=45s or revoke=45s-2m
  bogus-count=on|off                      listings report count 1000000000 (next stays right)
  next-self=on|off                        a listing's next points to the page itself
  clock=SKEW                              the server's clock (stamps, Date, date filters) this far
                                          off the client's, e.g. clock=-2h, clock=+90s
  whole-seconds=on|off                    created_at/updated_at stamped to the whole second`;

function parseSwitch(value: string): boolean | undefined {
  if (['on', 'true', '1', 'yes', ''].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  return undefined;
}

function oneOf<T extends string>(key: string, value: string, allowed: T[], errors: string[]): T | undefined {
  if ((allowed as string[]).includes(value)) return value as T;
  errors.push(`${key}=${value}: expected one of ${allowed.join(', ')}`);
  return undefined;
}

export function parseSandboxSpec(spec: string | undefined): ParsedSpec {
  const out: ParsedSpec = { faults: {}, variants: {}, separateFilesOrigin: false, errors: [] };
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    const rate = RATES[key];
    if (key === 'storm' && (value === '' || value === 'on')) {
      Object.assign(out.faults, STORM);
    } else if (key === 'outage') {
      const [length, start] = value.split('@');
      const durationMs = parseDuration(length ?? '');
      const startMs = parseDuration(start ?? '');
      if (durationMs === undefined || startMs === undefined) out.errors.push(`${part}: expected DURATION@START, e.g. outage=10s@30s`);
      else out.faults.outages = [...(out.faults.outages ?? []), { startMs, durationMs }];
    } else if (key === 'revoke') {
      const [from, until] = value.split('-');
      const fromMs = parseDuration(from ?? '');
      const untilMs = until === undefined ? undefined : parseDuration(until);
      if (fromMs === undefined || (until !== undefined && (untilMs === undefined || untilMs <= fromMs))) {
        out.errors.push(`${part}: expected START or START-END, e.g. revoke=45s or revoke=45s-2m`);
      } else {
        out.faults.revokedFromMs = fromMs;
        if (untilMs !== undefined) out.faults.revokedUntilMs = untilMs;
      }
    } else if (key === 'clock') {
      const skew = parseSkew(value);
      if (skew === undefined) out.errors.push(`${part}: expected a skew such as clock=-2h or clock=+90s`);
      else out.clockSkewMs = skew;
    } else if (rate) {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0 || n > 1) out.errors.push(`${part}: a rate between 0 and 1 is expected`);
      else out.faults[rate] = n;
    } else if (key === 'seed' || key === 'slow-ms' || key === 'page-cap' || key === 'trickle-ms') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || (key === 'page-cap' && n < 1)) out.errors.push(`${part}: a whole number is expected`);
      else if (key === 'seed') out.faults.seed = n;
      else if (key === 'slow-ms') out.faults.slowMs = n;
      else if (key === 'trickle-ms') out.faults.trickleMs = n;
      else out.variants.pageSizeCap = n;
    } else if (key === 'status') {
      out.variants.statusFormat = oneOf(key, value, STATUS, out.errors);
    } else if (key === 'write') {
      out.variants.writeResponse = oneOf(key, value, WRITE, out.errors);
    } else if (key === 'retry-after') {
      out.variants.retryAfter = oneOf(key, value, RETRY, out.errors);
    } else if (key === 'files-origin') {
      if (value === 'separate') out.separateFilesOrigin = true;
      else if (/^https?:\/\/[^/]+$/.test(value)) out.variants.filesOrigin = value;
      else out.errors.push(`${part}: expected "separate" or an origin such as http://127.0.0.1:9000`);
    } else if (SWITCHES[key]) {
      const on = parseSwitch(value.toLowerCase());
      if (on === undefined) out.errors.push(`${part}: expected on or off`);
      else out.variants[SWITCHES[key]] = on;
    } else {
      out.errors.push(`${part}: unknown setting "${key}"`);
    }
  }
  for (const key of Object.keys(out.variants) as (keyof SandboxVariants)[]) {
    if (out.variants[key] === undefined) delete out.variants[key];
  }
  return out;
}
