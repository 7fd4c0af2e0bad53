/**
 * The key and its redaction: the whole `Authorization` value, the key without its scheme word,
 * pieces of it, and the checks made before any request.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/remote/errors.js';
import { MIN_KEY_LENGTH, SecretRedactor, splitScheme, tokenProblem } from '../../src/remote/secret.js';
import { createSandbox } from '../../src/sandbox/index.js';

const KEY = 'sk_live_4f9a0c1b2d3e4f5a6b7c8d9e';

describe('splitScheme', () => {
  it('takes any `Word ` prefix as the scheme, and the rest as the key', () => {
    for (const scheme of ['Token', 'Bearer', 'Basic', 'Api-Key', 'apikey']) {
      expect(splitScheme(`${scheme} ${KEY}`)).toEqual({ scheme, key: KEY });
    }
    expect(splitScheme(KEY)).toEqual({ key: KEY });
    expect(splitScheme(`  Token   ${KEY}  `)).toEqual({ scheme: 'Token', key: KEY });
    // A first word with an underscore or a digit first is part of the key, not a scheme.
    expect(splitScheme('sk_live abc').key).toBe('sk_live abc');
    expect(splitScheme('9abc def').key).toBe('9abc def');
  });
});

describe('redaction', () => {
  it.each(['Token', 'Bearer', 'Api-Key'])('with a `%s` token, an echo of the key alone is redacted', (scheme) => {
    const token = `${scheme} ${KEY}`;
    expect(redact(`Invalid token '${KEY}'.`, token)).toBe("Invalid token '[redacted]'.");
    expect(redact(`Invalid token "${token}".`, token)).toBe('Invalid token "[redacted]".');
    expect(redact(`${KEY}${KEY}`, token)).toBe('[redacted]');
  });

  it('redacts a cut-off key: its first or last 10 characters and more, or 15 from inside it', () => {
    const token = `Token ${KEY}`;
    expect(redact(`Invalid token '${KEY.slice(0, 12)}…'`, token)).toBe("Invalid token '[redacted]…'");
    expect(redact(`key ending in …${KEY.slice(-10)}`, token)).toBe('key ending in …[redacted]');
    expect(redact(`a line …${KEY.slice(5, 20)}… cut`, token)).toBe('a line …[redacted]… cut');
  });

  it('leaves alone what only looks like the key: another key with the same prefix, a piece shorter than 10', () => {
    const token = `Token ${KEY}`;
    const other = 'sk_live_00000000000000000000';
    expect(redact(`Invalid token '${other}'`, token)).toBe(`Invalid token '${other}'`);
    expect(redact(`x ${KEY.slice(0, 9)} y`, token)).toBe(`x ${KEY.slice(0, 9)} y`);
    expect(redact('nothing to see', token)).toBe('nothing to see');
  });

  it('for Basic credentials, also the decoded user:password and the password', () => {
    const decoded = 'seller-42:correct-horse-battery';
    const token = `Basic ${Buffer.from(decoded).toString('base64')}`;
    expect(redact(`bad credentials ${decoded}; password correct-horse-battery`, token)).toBe(
      'bad credentials [redacted]; password [redacted]',
    );
  });

  it('never turns text into [redacted] soup for a token too short to be a key', () => {
    const r = new SecretRedactor(['a']);
    expect(r.active).toBe(false);
    expect(r.redact('a plan of a catalog')).toBe('a plan of a catalog');
    // The whole value is still long enough to look for; its two-letter key alone is not.
    expect(new SecretRedactor(['Token ab']).redact('Token ab and ab')).toBe('[redacted] and ab');
  });

  it('knows several tokens at once', () => {
    const r = new SecretRedactor([`Token ${KEY}`, 'sbx_0123456789abcdef0123456789abcdef0123', undefined, '']);
    expect(r.redact(`${KEY} / sbx_0123456789abcdef0123456789abcdef0123`)).toBe('[redacted] / [redacted]');
  });
});

describe('tokenProblem', () => {
  it.each([
    ['€', `Token ${KEY.slice(0, 10)}€${KEY.slice(10)}`, 17],
    ['an emoji (one character)', `Bearer 😀${KEY}`, 8],
    ['a line break', `Token ${KEY}\nX-Evil: 1`, 7 + KEY.length],
    ['a tab', `Token\t${KEY}`, 6],
    ['a NUL', `${KEY}\u0000`, KEY.length + 1],
    ['an accented letter', `Token ${KEY}é`, 7 + KEY.length],
  ])('%s: refused with its position, never the character or its neighbours', (_name, token, position) => {
    const problem = tokenProblem(token, 'SHELF_TOKEN');
    expect(problem?.code).toBe('invalid-token');
    expect(problem?.summary).toBe(
      `SHELF_TOKEN contains a character that cannot be sent in an HTTP header at position ${position}`,
    );
    const text = JSON.stringify(problem);
    for (let i = 0; i + 3 <= KEY.length; i++) expect(text).not.toContain(KEY.slice(i, i + 3));
  });

  it('refuses a key shorter than the minimum, counting without the scheme word, without echoing it', () => {
    for (const token of ['x', 'Token x', `Token ${KEY.slice(0, MIN_KEY_LENGTH - 1)}`, 'Bearer abcdefghijklmno']) {
      const problem = tokenProblem(token, 'SHELF_TOKEN');
      expect(problem?.code).toBe('token-too-short');
      expect(problem?.summary).toMatch(/^SHELF_TOKEN is too short to be an API key/);
      const key = splitScheme(token).key;
      if (key.length > 2) expect(JSON.stringify(problem)).not.toContain(key);
    }
    expect(tokenProblem(`Token ${KEY.slice(0, MIN_KEY_LENGTH)}`, 'SHELF_TOKEN')).toBeUndefined();
  });

  it("accepts real keys: the sandbox's own random tokens, DRF-style 40-hex keys, with or without a scheme", () => {
    for (let i = 0; i < 20; i++) expect(tokenProblem(createSandbox().token, 'SHELF_TOKEN')).toBeUndefined();
    const hex = '9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b';
    for (const token of [hex, `Token ${hex}`, `Bearer ${hex}`, `Api-Key ${hex}`]) {
      expect(tokenProblem(token, 'SHELF_TOKEN')).toBeUndefined();
    }
  });
});
