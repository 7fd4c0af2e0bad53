/**
 * The output boundary: what shelf writes to stdout and stderr is cleaned of the tokens it
 * knows, also when a secret arrives in several writes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { knownTokens, redactStream, StreamRedaction } from '../../src/commands/redact-output.js';
import { SecretRedactor } from '../../src/remote/secret.js';

const KEY = 'sk_live_4f9a0c1b2d3e4f5a6b7c8d9e';
const TOKEN = `Token ${KEY}`;

function pieces(text: string, cuts: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const cut of cuts) {
    out.push(text.slice(at, cut));
    at = cut;
  }
  out.push(text.slice(at));
  return out;
}

describe('StreamRedaction', () => {
  const text = `Error: GET /api/i2/products/: the API refused the token (401): Invalid token '${KEY}'.\nnext line\n`;
  const redactor = new SecretRedactor([TOKEN]);
  const whole = redactor.redact(text);

  it('a secret cut anywhere across two writes comes out as one [redacted], and nothing else changes', () => {
    expect(whole).toContain("Invalid token '[redacted]'.");
    for (let cut = 0; cut <= text.length; cut++) {
      const stream = new StreamRedaction(redactor);
      const out = pieces(text, [cut]).map((p) => stream.push(p)).join('') + stream.flush();
      expect(out).toBe(whole);
    }
  });

  it('also when written one character at a time', () => {
    const stream = new StreamRedaction(redactor);
    const out = [...text].map((c) => stream.push(c)).join('') + stream.flush();
    expect(out).toBe(whole);
  });

  it('holds back only an end that is a piece of a secret: never a line break, never more than the secret', () => {
    const stream = new StreamRedaction(redactor);
    expect(stream.push('x'.repeat(1000))).toBe('x'.repeat(1000));
    expect(stream.push('line\n')).toBe('line\n');
    expect(stream.pending).toBe(false);
    expect(stream.push(`Invalid token 'Tok`)).toBe(`Invalid token '`);
    expect(stream.push(`en ${KEY.slice(0, 5)}`)).toBe('');
    // " sk_" could still become " sk_live_…" of `Token sk_live_…`.
    expect(stream.push(`${KEY.slice(5)}' ${KEY.slice(0, 3)}`)).toBe("[redacted]'");
    expect(stream.flush()).toBe(` ${KEY.slice(0, 3)}`);
  });
});

describe('knownTokens', () => {
  it('SHELF_TOKEN, SHELF_SANDBOX_TOKEN and what SHELF_TOKEN_FILE holds (without its line break)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-known-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'Bearer from-the-file-0123456789\n');
    expect(
      knownTokens({ SHELF_TOKEN: TOKEN, SHELF_SANDBOX_TOKEN: 'sbx_0123456789abcdef', SHELF_TOKEN_FILE: file }),
    ).toEqual([TOKEN, 'sbx_0123456789abcdef', 'Bearer from-the-file-0123456789']);
  });

  it('ignores a token file it cannot or should not read: missing, a directory, too large', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-known-'));
    const large = join(dir, 'large');
    writeFileSync(large, 'x'.repeat(70 * 1024));
    for (const file of [join(dir, 'missing'), dir, large]) expect(knownTokens({ SHELF_TOKEN_FILE: file })).toEqual([]);
  });
});

describe('redactStream', () => {
  function sink(): { stream: NodeJS.WriteStream; text: () => string } {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  }

  it('redacts strings and bytes (a multi-byte character cut between writes survives), and flushes what it held once the loop turns', async () => {
    const { stream, text } = sink();
    redactStream(stream, new SecretRedactor([TOKEN]));
    const bytes = Buffer.from(`Café — ${KEY.slice(0, 20)}`);
    let called = false;
    stream.write(bytes.subarray(0, 4));
    stream.write(bytes.subarray(4), () => {
      called = true;
    });
    stream.write(`${KEY.slice(20)}' and more`, 'utf8');
    await nextTurn();
    await nextTurn();
    expect(text()).toBe("Café — [redacted]' and more");
    expect(called).toBe(true);
  });

  it('keeps two streams in order: what one holds back is written before the other writes', async () => {
    const { stream: out, text: outText } = sink();
    const { stream: err } = sink();
    const redactor = new SecretRedactor([TOKEN]);
    redactStream(out, redactor);
    redactStream(err, redactor);
    const order: string[] = [];
    out.on('data', (d: Buffer) => order.push(`out:${d.toString()}`));
    err.on('data', (d: Buffer) => order.push(`err:${d.toString()}`));
    out.write('ends with a piece sk_live_4');
    err.write('debug line\n');
    await nextTurn();
    expect(order).toEqual(['out:ends with a piece', 'out: sk_live_4', 'err:debug line\n']);
    expect(outText()).toBe('ends with a piece sk_live_4');
  });
});
