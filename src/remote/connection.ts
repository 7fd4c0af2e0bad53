/**
 * Where the API is and how to authenticate: `--url` > SHELF_URL > shelf.yaml
 * `seller_center.url`; the token from SHELF_TOKEN or the file named by SHELF_TOKEN_FILE.
 * Every problem is a diagnostic; the token itself never appears in one.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Settings } from '../model/settings.js';
import { tokenProblem } from './secret.js';

export interface Connection {
  /** Absolute base URL without a trailing slash, e.g. `https://seller.example.com/api`. */
  baseUrl: string;
  /** The `Authorization` header value, sent verbatim to the base URL's origin only. */
  token: string;
  /** `Accept-Language`, e.g. `en-us`. */
  language?: string;
  /**
   * A sandbox running in scaled time (`shelf sandbox --time-scale X` exports
   * SHELF_SANDBOX_TIME_SCALE): quotas are paced X times faster. Only ever set for a loopback
   * host, so a real API is never paced faster than its documented quota.
   */
  sandboxTimeScale?: number;
}

export interface ConnectionInput {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  /** `--url` from the command line. */
  url?: string;
}

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || host.startsWith('::ffff:127.');
  return false;
}

function pickUrl(input: ConnectionInput): { value?: string; origin: string; fromSettings: boolean } {
  if (input.url) return { value: input.url, origin: '--url', fromSettings: false };
  if (input.env.SHELF_URL) return { value: input.env.SHELF_URL, origin: 'SHELF_URL', fromSettings: false };
  const fromFile = input.settings.sellerCenter.url;
  return { value: fromFile, origin: 'seller_center.url in shelf.yaml', fromSettings: true };
}

function checkBaseUrl(input: ConnectionInput, diagnostics: Diagnostic[]): string | undefined {
  const picked = pickUrl(input);
  const source = picked.fromSettings ? input.settings.sources['seller_center.url'] : undefined;
  const at = source ? { source } : {};
  if (!picked.value) {
    diagnostics.push({
      severity: 'error',
      code: 'missing-url',
      summary: 'No Seller Center URL is configured',
      detail: 'Set SHELF_URL, pass --url, or set seller_center.url in shelf.yaml (e.g. https://seller.example.com/api).',
    });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(picked.value);
  } catch {
    diagnostics.push({
      severity: 'error',
      code: 'invalid-url',
      summary: `The Seller Center URL from ${picked.origin} is not a valid absolute URL`,
      detail: 'Expected a URL such as https://seller.example.com/api.',
      ...at,
    });
    return undefined;
  }
  if (url.username || url.password) {
    diagnostics.push({
      severity: 'error',
      code: 'invalid-url',
      summary: `The Seller Center URL from ${picked.origin} must not contain credentials`,
      detail: 'Put the API key in SHELF_TOKEN or SHELF_TOKEN_FILE instead.',
      ...at,
    });
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) {
    diagnostics.push({
      severity: 'error',
      code: 'insecure-url',
      summary:
        url.protocol === 'http:'
          ? `Refusing plain http:// to ${url.hostname}: the API key would travel unencrypted`
          : `Unsupported URL scheme ${url.protocol} for the Seller Center URL`,
      detail: 'Use https://. Plain http:// is accepted only for loopback hosts (127.0.0.1, ::1, localhost), such as `shelf sandbox`.',
      ...at,
    });
    return undefined;
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * The key a token file holds. Secret mounts and `echo > file` end it with a line break, and
 * Windows editors may start it with a byte-order mark: neither is part of the key.
 */
export function readTokenFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/[\r\n]+$/, '');
}

function readToken(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): string | undefined {
  let token: string | undefined;
  let from = 'SHELF_TOKEN';
  if (env.SHELF_TOKEN) {
    token = env.SHELF_TOKEN;
    if (env.SHELF_TOKEN_FILE) {
      // Said out loud: a stale SHELF_TOKEN left in a shell would otherwise silently beat the file.
      diagnostics.push({
        severity: 'warning',
        code: 'token-sources-both',
        summary: `Both SHELF_TOKEN and SHELF_TOKEN_FILE are set: SHELF_TOKEN is used, and the file ${env.SHELF_TOKEN_FILE} is not read`,
        detail: 'Unset the one you do not mean (`unset SHELF_TOKEN` to use the file).',
      });
    }
  } else if (env.SHELF_TOKEN_FILE) {
    from = `The API key in the file named by SHELF_TOKEN_FILE (${env.SHELF_TOKEN_FILE})`;
    try {
      token = readTokenFile(env.SHELF_TOKEN_FILE);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      diagnostics.push({
        severity: 'error',
        code: 'token-file-unreadable',
        summary: `Cannot read SHELF_TOKEN_FILE ${env.SHELF_TOKEN_FILE} (${reason})`,
        detail: 'Point SHELF_TOKEN_FILE at a readable file holding the API key, or set SHELF_TOKEN.',
      });
      return undefined;
    }
  }
  if (!token) {
    diagnostics.push({
      severity: 'error',
      code: 'missing-token',
      summary: env.SHELF_TOKEN_FILE ? `${from} is empty` : 'No API key: SHELF_TOKEN is not set',
      detail:
        'Set SHELF_TOKEN to the Authorization header value (sent verbatim), or SHELF_TOKEN_FILE to a file holding it.',
    });
    return undefined;
  }
  // Checked before any request: a character a header cannot carry would otherwise surface as a
  // network failure after every retry, and a one-letter "key" as 401s.
  const problem = tokenProblem(token, from);
  if (problem) {
    diagnostics.push(problem);
    return undefined;
  }
  return token;
}

/** SHELF_SANDBOX_TIME_SCALE, honoured for loopback hosts only; anything else is a warning and real pacing. */
function sandboxTimeScale(env: NodeJS.ProcessEnv, baseUrl: string, diagnostics: Diagnostic[]): number | undefined {
  const text = env.SHELF_SANDBOX_TIME_SCALE;
  if (text === undefined || text === '') return undefined;
  const scale = Number(text);
  if (!isLoopbackHost(new URL(baseUrl).hostname)) {
    diagnostics.push({
      severity: 'warning',
      code: 'sandbox-time-scale-ignored',
      summary: `SHELF_SANDBOX_TIME_SCALE is ignored: ${new URL(baseUrl).host} is not a local sandbox, and a real API is always paced at its own quota`,
      detail: 'Unset SHELF_SANDBOX_TIME_SCALE when working against Seller Center itself.',
    });
    return undefined;
  }
  if (!Number.isFinite(scale) || scale < 1) {
    diagnostics.push({
      severity: 'warning',
      code: 'sandbox-time-scale-invalid',
      summary: `SHELF_SANDBOX_TIME_SCALE=${text} is not a number of at least 1; the quotas are paced in real time`,
    });
    return undefined;
  }
  return scale > 1 ? scale : undefined;
}

export function resolveConnection(input: ConnectionInput): { connection?: Connection; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const baseUrl = checkBaseUrl(input, diagnostics);
  const token = readToken(input.env, diagnostics);
  if (!baseUrl || token === undefined) return { diagnostics };
  const language = input.settings.sellerCenter.language;
  const scale = sandboxTimeScale(input.env, baseUrl, diagnostics);
  const connection: Connection = { baseUrl, token, ...(language ? { language } : {}), ...(scale ? { sandboxTimeScale: scale } : {}) };
  return { connection, diagnostics };
}
