/**
 * The `--faults SPEC` string of `shelf sandbox`: comma-separated `key=value` pairs setting fault
 * rates and API variants, e.g. `429=0.1,5xx=0.05,drop=0.02,slow=0.1,seed=7,status=numbers`.
 */
import type { RetryAfterFormat, SandboxFaults, SandboxVariants, StatusFormat, WriteResponse } from './options.js';

export interface ParsedSpec {
  faults: Partial<SandboxFaults>;
  variants: Partial<SandboxVariants>;
  /** `files-origin=separate`: serve batch files from a second port. */
  separateFilesOrigin: boolean;
  errors: string[];
}

const RATES: Record<string, keyof SandboxFaults> = {
  '429': 'rate429',
  '5xx': 'rate5xx',
  drop: 'rateDrop',
  lost: 'rateLost',
  slow: 'rateSlow',
  malformed: 'rateMalformed',
};
const STATUS: StatusFormat[] = ['names', 'numbers', 'numeric-strings', 'titles'];
const WRITE: WriteResponse[] = ['batch', 'batch_request_id', 'id-only'];
const RETRY: RetryAfterFormat[] = ['seconds', 'http-date', 'absent'];
const SWITCHES: Record<string, 'offerFieldsInList' | 'extraFields' | 'unknownEnumValues'> = {
  'offer-fields': 'offerFieldsInList',
  'extra-fields': 'extraFields',
  'unknown-enums': 'unknownEnumValues',
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
  unknown-enums=on|off                    a queued batch reports an undocumented status (default off)`;

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
    if (rate) {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0 || n > 1) out.errors.push(`${part}: a rate between 0 and 1 is expected`);
      else out.faults[rate] = n;
    } else if (key === 'seed' || key === 'slow-ms' || key === 'page-cap') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || (key === 'page-cap' && n < 1)) out.errors.push(`${part}: a whole number is expected`);
      else if (key === 'seed') out.faults.seed = n;
      else if (key === 'slow-ms') out.faults.slowMs = n;
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
