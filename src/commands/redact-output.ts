/**
 * The last line of defence: every byte shelf writes to stdout and stderr goes through a
 * redactor of the tokens it knows (SHELF_TOKEN, the content of SHELF_TOKEN_FILE, and
 * SHELF_SANDBOX_TOKEN), whatever the command and whatever printed it (a view, a crash report,
 * the flag parser). The code paths that handle the token redact it themselves; this catches
 * what they cannot know about, such as a catalog file that turns out to hold the key.
 *
 * A secret written in two pieces is still found: the end of a write that is a piece of a secret
 * (rare: lines end with a line break, which no key holds) is held back until the next write to
 * either stream (which keeps stdout and stderr in order when both go to one log), or until the
 * event loop turns (so a prompt still shows before shelf waits for an answer).
 */
import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { readTokenFile } from '../remote/connection.js';
import { replaceRanges, SecretRedactor } from '../remote/secret.js';

/** A token file larger than this is not a token file: its content is not looked for. */
const MAX_TOKEN_FILE = 64 * 1024;

/** The tokens of this environment that output must never show. */
export function knownTokens(env: NodeJS.ProcessEnv): string[] {
  const tokens = [env.SHELF_TOKEN, env.SHELF_SANDBOX_TOKEN];
  const file = env.SHELF_TOKEN_FILE;
  if (file) {
    try {
      // Only a regular file: reading a FIFO or a device here could block or never end.
      const info = statSync(file);
      if (info.isFile() && info.size <= MAX_TOKEN_FILE) tokens.push(readTokenFile(file));
    } catch {
      // Unreadable: the command that needs it says so; nothing of it can be printed either.
    }
  }
  return tokens.filter((t): t is string => typeof t === 'string' && t !== '');
}

/** Redacts a stream of text that arrives in pieces, holding back what may be the start of a secret. */
export class StreamRedaction {
  private held = '';
  private readonly redactor: SecretRedactor;

  constructor(redactor: SecretRedactor) {
    this.redactor = redactor;
  }

  get pending(): boolean {
    return this.held !== '';
  }

  /** Takes the next piece; returns what can be written now, redacted. */
  push(text: string): string {
    const all = this.held + text;
    const matches = this.redactor.matches(all);
    let cut = all.length - this.redactor.pieceAtEnd(all);
    // A match reaching into the held-back end may still grow: keep all of it for later.
    for (const m of matches) if (m.start < cut && m.end > cut) cut = m.start;
    this.held = all.slice(cut);
    return replaceRanges(
      all.slice(0, cut),
      matches.filter((m) => m.end <= cut),
    );
  }

  /** The end of the stream (or a pause in it): everything held back, redacted. */
  flush(): string {
    const rest = this.redactor.redact(this.held);
    this.held = '';
    return rest;
  }
}

type WriteCallback = (err?: Error | null) => void;

/** What each redacted stream holds back, written out before another stream writes. */
const heldBack = new Set<() => void>();

/** Replaces `stream.write` with one that redacts; the stream stays the same object (isTTY, columns). */
export function redactStream(stream: NodeJS.WriteStream, redactor: SecretRedactor): void {
  const original = stream.write.bind(stream) as (chunk: string, cb?: WriteCallback) => boolean;
  const redaction = new StreamRedaction(redactor);
  const decoder = new StringDecoder('utf8');
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!redaction.pending) return;
    const rest = redaction.flush();
    if (rest !== '') original(rest);
  };
  heldBack.add(flush);
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, cb?: WriteCallback) => {
    const callback = typeof encoding === 'function' ? encoding : cb;
    const enc = typeof encoding === 'string' ? encoding : undefined;
    const text =
      typeof chunk === 'string'
        ? enc === undefined || enc === 'utf8' || enc === 'utf-8'
          ? chunk
          : Buffer.from(chunk, enc).toString('utf8')
        : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    for (const other of heldBack) if (other !== flush) other();
    const out = redaction.push(text);
    if (redaction.pending && !scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return original(out, callback);
  }) as typeof stream.write;
  process.on('exit', flush);
}

/**
 * Puts the redaction on the process's stdout and stderr. `shelf sandbox` prints its own token
 * on stdout by design (`export SHELF_TOKEN=...`), so only its stderr is redacted.
 */
export function redactProcessOutput(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const redactor = new SecretRedactor(knownTokens(env));
  if (!redactor.active) return;
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== 'sandbox') redactStream(process.stdout, redactor);
  redactStream(process.stderr, redactor);
}
