import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DESTROY, DEFAULT_RATE_LIMITS, type Settings } from '../../src/model/settings.js';
import { isLoopbackHost, resolveConnection } from '../../src/remote/connection.js';

const SECRET = 'Bearer very-secret-value';
const OTHER = 'another-key-0123456789';

function settings(url?: string, language?: string): Settings {
  return {
    root: '/repo',
    sellerCenter: { ...(url ? { url } : {}), ...(language ? { language } : {}), rateLimits: DEFAULT_RATE_LIMITS },
    files: [],
    prune: false,
    scope: { skuPrefixes: [], categories: [] },
    protect: [],
    maxDestroy: DEFAULT_MAX_DESTROY,
    sources: url ? { 'seller_center.url': { file: 'shelf.yaml', line: 2, column: 8 } } : {},
  };
}

describe('resolveConnection', () => {
  it('URL precedence: --url over SHELF_URL over shelf.yaml; trailing slash dropped; language from settings', () => {
    const env = { SHELF_URL: 'https://env.example.com/api/', SHELF_TOKEN: SECRET };
    const s = settings('https://file.example.com/api', 'en-us');
    expect(resolveConnection({ settings: s, env, url: 'https://flag.example.com/api' }).connection?.baseUrl).toBe(
      'https://flag.example.com/api',
    );
    expect(resolveConnection({ settings: s, env }).connection).toEqual({
      baseUrl: 'https://env.example.com/api',
      token: SECRET,
      language: 'en-us',
    });
    expect(resolveConnection({ settings: s, env: { SHELF_TOKEN: SECRET } }).connection?.baseUrl).toBe(
      'https://file.example.com/api',
    );
  });

  it('refuses plain http to a remote host, pointing at shelf.yaml when the URL came from there', () => {
    const { connection, diagnostics } = resolveConnection({
      settings: settings('http://seller.example.com/api'),
      env: { SHELF_TOKEN: SECRET },
    });
    expect(connection).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'insecure-url', source: { file: 'shelf.yaml', line: 2 } });
    expect(diagnostics[0]!.summary).toContain('http://');
  });

  it('accepts plain http to loopback hosts (the sandbox)', () => {
    for (const url of ['http://127.0.0.1:8080/api', 'http://localhost:1/api', 'http://[::1]:9/api', 'http://127.1.2.3/api']) {
      expect(resolveConnection({ settings: settings(), env: { SHELF_TOKEN: SECRET }, url }).diagnostics).toEqual([]);
    }
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('a missing URL or token are clear diagnostics naming the variables', () => {
    const { diagnostics } = resolveConnection({ settings: settings(), env: {} });
    expect(diagnostics.map((d) => d.code)).toEqual(['missing-url', 'missing-token']);
    expect(diagnostics[1]!.summary).toContain('SHELF_TOKEN');
    expect(diagnostics[1]!.detail).toContain('SHELF_TOKEN_FILE');
  });

  it('rejects an unparsable URL and one carrying credentials', () => {
    const env = { SHELF_TOKEN: SECRET };
    expect(resolveConnection({ settings: settings(), env, url: 'seller.example.com' }).diagnostics[0]!.code).toBe(
      'invalid-url',
    );
    const withUser = resolveConnection({ settings: settings(), env, url: 'https://u:p@seller.example.com/api' });
    expect(withUser.diagnostics[0]!.code).toBe('invalid-url');
  });

  it('reads SHELF_TOKEN_FILE, dropping the trailing newline; SHELF_TOKEN wins when both are set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, `${SECRET}\n`);
    const url = 'https://seller.example.com/api';
    expect(resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: file }, url }).connection?.token).toBe(SECRET);
    expect(
      resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: file, SHELF_TOKEN: OTHER }, url }).connection
        ?.token,
    ).toBe(OTHER);
  });

  it('both SHELF_TOKEN and SHELF_TOKEN_FILE set: a warning says SHELF_TOKEN wins and the file is not read', () => {
    const url = 'https://seller.example.com/api';
    const both = resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: '/run/secrets/key', SHELF_TOKEN: OTHER }, url });
    expect(both.connection?.token).toBe(OTHER);
    expect(both.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'token-sources-both', summary: expect.stringMatching(/SHELF_TOKEN is used, and the file \/run\/secrets\/key is not read/) }),
    ]);
    expect(JSON.stringify(both.diagnostics)).not.toContain(OTHER);
    expect(resolveConnection({ settings: settings(), env: { SHELF_TOKEN: OTHER }, url }).diagnostics).toEqual([]);
  });

  it('an unreadable or empty token file, or a token with a line break, is a diagnostic that never shows the token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-token-'));
    const url = 'https://seller.example.com/api';
    const missing = resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: join(dir, 'nope') }, url });
    expect(missing.diagnostics[0]!.code).toBe('token-file-unreadable');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: empty }, url }).diagnostics[0]!.code).toBe(
      'missing-token',
    );
    const broken = resolveConnection({ settings: settings(), env: { SHELF_TOKEN: `${SECRET}\nX-Evil: 1` }, url });
    expect(broken.diagnostics[0]!.code).toBe('invalid-token');
    expect(JSON.stringify(broken.diagnostics)).not.toContain(SECRET);
  });

  it('a token a header cannot carry is refused before any request, by position, from SHELF_TOKEN or the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-token-'));
    const url = 'https://seller.example.com/api';
    const euro = resolveConnection({ settings: settings(), env: { SHELF_TOKEN: `${SECRET}€` }, url });
    expect(euro.connection).toBeUndefined();
    expect(euro.diagnostics).toHaveLength(1);
    expect(euro.diagnostics[0]).toMatchObject({
      code: 'invalid-token',
      summary: `SHELF_TOKEN contains a character that cannot be sent in an HTTP header at position ${SECRET.length + 1}`,
    });
    const file = join(dir, 'token');
    writeFileSync(file, `Bearer 😀${SECRET.slice(7)}\n`);
    const fromFile = resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: file }, url });
    expect(fromFile.diagnostics[0]!.summary).toBe(
      `The API key in the file named by SHELF_TOKEN_FILE (${file}) contains a character that cannot be sent in an HTTP header at position 8`,
    );
    for (const r of [euro, fromFile]) expect(JSON.stringify(r.diagnostics)).not.toContain(SECRET.slice(7, 14));
  });

  it('a key too short to be real is refused with a message that does not echo it', () => {
    const url = 'https://seller.example.com/api';
    for (const token of ['k', 'Token k3y', 'Bearer short-key']) {
      const { connection, diagnostics } = resolveConnection({ settings: settings(), env: { SHELF_TOKEN: token }, url });
      expect(connection).toBeUndefined();
      expect(diagnostics.map((d) => d.code)).toEqual(['token-too-short']);
      expect(diagnostics[0]!.summary).toContain('SHELF_TOKEN is too short');
      if (token.length > 3) expect(JSON.stringify(diagnostics)).not.toContain(token.split(' ')[1]);
    }
  });

  it('a byte-order mark at the start of the token file is not part of the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, `\uFEFF${SECRET}\r\n`);
    const url = 'https://seller.example.com/api';
    expect(resolveConnection({ settings: settings(), env: { SHELF_TOKEN_FILE: file }, url }).connection?.token).toBe(SECRET);
  });
});
