/**
 * The API key, and how to keep it out of every text shelf shows or writes.
 *
 * SHELF_TOKEN is the whole `Authorization` value, often `Token <key>` or `Bearer <key>`. A
 * server may echo the whole value, the key alone (`Invalid token 'sk_live_…'`) or a cut-off
 * piece of it, and an excerpt of a long line may cut it too. So a text is cleaned of:
 * - the whole value, and the key after its scheme word (any `Word ` prefix);
 * - for `Basic`, the decoded `user:password` and the password;
 * - any piece of the key of at least FRAGMENT_MIN characters that starts or ends the key, and
 *   any longer piece (2 × the anchor length − 1: 15 characters for keys up to 64) from inside it.
 * Values shorter than FORM_MIN are never looked for: they would turn ordinary words into
 * `[redacted]`, and tokens that short are refused before any request (see tokenProblem).
 */
import type { Diagnostic } from '../model/diagnostic.js';

export const REDACTED = '[redacted]';

/**
 * The shortest key (without its scheme word) shelf sends. The API reference does not give the
 * keys' length; token keys of Django REST framework APIs are 40 hex characters, and the sandbox
 * makes 40-character ones. Anything under 16 is a typo or a placeholder, not a key.
 */
export const MIN_KEY_LENGTH = 16;

/** Shorter values are never redacted: they would hit ordinary words. */
const FORM_MIN = 8;
/** The shortest piece of a key that is redacted on its own. */
const FRAGMENT_MIN = 10;
/** Pieces of the key looked for as they are; found ones are grown to the whole matching run. */
const ANCHOR_MIN = 8;
const MAX_ANCHORS = 8;

/** `Token abc` → scheme `Token`, key `abc`; a value without a `Word ` prefix is all key. */
export function splitScheme(token: string): { scheme?: string; key: string } {
  const value = token.trim();
  const m = /^([A-Za-z][A-Za-z0-9-]*) +(\S.*)$/s.exec(value);
  if (!m) return { key: value };
  return { scheme: m[1]!, key: m[2]! };
}

/** The texts that are the secret as a whole: the value, its key, and Basic's decoded parts. */
function secretForms(token: string): string[] {
  const value = token.trim();
  const { scheme, key } = splitScheme(value);
  const forms = [token, value, key];
  if (scheme?.toLowerCase() === 'basic' && /^[A-Za-z0-9+/]+=*$/.test(key)) {
    const decoded = Buffer.from(key, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && /^[\x20-\x7e]+$/.test(decoded)) forms.push(decoded, decoded.slice(colon + 1));
  }
  return [...new Set(forms)].filter((f) => f.length >= FORM_MIN);
}

export interface Range {
  start: number;
  end: number;
}

interface Anchor {
  text: string;
  key: string;
  /** Where the anchor sits in the key (more than one place when the key repeats itself). */
  offsets: number[];
}

/** Anchors tiling the key, plus one ending it: a piece starting or ending the key, or longer than two tiles, holds one. */
function anchorsOf(key: string): Anchor[] {
  if (key.length <= FRAGMENT_MIN) return [];
  const size = Math.max(ANCHOR_MIN, Math.ceil(key.length / MAX_ANCHORS));
  const starts = new Set<number>();
  for (let at = 0; at + size <= key.length; at += size) starts.add(at);
  starts.add(key.length - size);
  const byText = new Map<string, Anchor>();
  for (const at of starts) {
    const text = key.slice(at, at + size);
    if (byText.has(text)) continue;
    const offsets: number[] = [];
    for (let i = key.indexOf(text); i !== -1; i = key.indexOf(text, i + 1)) offsets.push(i);
    byText.set(text, { text, key, offsets });
  }
  return [...byText.values()];
}

interface Form {
  text: string;
  /** An anchor the form contains: where that anchor is absent, so is the form (one pass saved). */
  anchor?: string;
}

/**
 * Finds and replaces the secrets of one or more tokens. Cheap when a text holds none: one
 * regular-expression pass over all anchors (about 1.5 ms per MB; one indexOf pass per anchor
 * costs several times that on text full of hex digits, such as UUIDs).
 */
export class SecretRedactor {
  private readonly forms: Form[];
  private readonly anchors: Map<string, Anchor>;
  private readonly anchorPattern: RegExp | undefined;
  /** The longest text a match can span: a writer holding back this much never splits one. */
  readonly longest: number;

  constructor(tokens: readonly (string | undefined)[]) {
    const present = tokens.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    const keys = [...new Set(present.map((t) => splitScheme(t).key))];
    const anchors = keys.filter((k) => k.length >= FORM_MIN).flatMap(anchorsOf);
    this.anchors = new Map(anchors.map((a) => [a.text, a]));
    this.anchorPattern =
      anchors.length > 0 ? new RegExp(anchors.map((a) => a.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
    const texts = [...new Set(present.flatMap(secretForms))].sort((a, b) => b.length - a.length);
    this.forms = texts.map((text) => {
      const anchor = anchors.find((a) => text.includes(a.text))?.text;
      return anchor === undefined ? { text } : { text, anchor };
    });
    this.longest = Math.max(0, ...texts.map((f) => f.length));
  }

  /** False when there is nothing to look for (no token, or one too short to redact). */
  get active(): boolean {
    return this.forms.length > 0;
  }

  /**
   * How many characters at the end of a text could be the start of a secret cut by the end of
   * the text (they are a piece of one): a writer holds back that many. Usually none: output
   * ends lines with a line break, which no key holds.
   */
  pieceAtEnd(text: string): number {
    const max = Math.min(text.length, this.longest);
    let n = 0;
    while (n < max) {
      const tail = text.slice(text.length - n - 1);
      if (!this.forms.some((f) => f.text.includes(tail))) break;
      n += 1;
    }
    return n;
  }

  /** The ranges to replace, sorted and merged. */
  matches(text: string): Range[] {
    const found: Range[] = [];
    const seen = new Set<string>();
    const pattern = this.anchorPattern;
    if (pattern) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const anchor = this.anchors.get(m[0])!;
        seen.add(anchor.text);
        for (const offset of anchor.offsets) {
          const run = grow(text, m.index, anchor, offset);
          if (run.end - run.start >= FRAGMENT_MIN) found.push(run);
        }
        // Anchors may overlap (a key that repeats itself): look again one character on.
        pattern.lastIndex = m.index + 1;
      }
    }
    for (const form of this.forms) {
      if (form.anchor !== undefined && !seen.has(form.anchor)) continue;
      for (let i = text.indexOf(form.text); i !== -1; i = text.indexOf(form.text, i + form.text.length)) {
        found.push({ start: i, end: i + form.text.length });
      }
    }
    return merge(found);
  }

  redact(text: string): string {
    if (!this.active || text.length < FORM_MIN) return text;
    return replaceRanges(text, this.matches(text));
  }
}

/** The longest run of text around `at` that agrees with the key around `offset`. */
function grow(text: string, at: number, anchor: Anchor, offset: number): Range {
  const { key } = anchor;
  let start = at;
  let k = offset;
  while (start > 0 && k > 0 && text.charCodeAt(start - 1) === key.charCodeAt(k - 1)) {
    start -= 1;
    k -= 1;
  }
  let end = at + anchor.text.length;
  k = offset + anchor.text.length;
  while (end < text.length && k < key.length && text.charCodeAt(end) === key.charCodeAt(k)) {
    end += 1;
    k += 1;
  }
  return { start, end };
}

function merge(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges;
  ranges.sort((a, b) => a.start - b.start);
  const out: Range[] = [{ ...ranges[0]! }];
  for (const r of ranges.slice(1)) {
    const last = out[out.length - 1]!;
    if (r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

export function replaceRanges(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + REDACTED;
    at = r.end;
  }
  return out + text.slice(at);
}

// The transport redacts every message and debug line with the same token: build its redactor once.
let last: { token: string; redactor: SecretRedactor } | undefined;

/** Replaces the token, its key and pieces of it in a text (an error body, a debug line). */
export function redactToken(text: string, token: string | undefined): string {
  if (!token) return text;
  if (last?.token !== token) last = { token, redactor: new SecretRedactor([token]) };
  return last.redactor.redact(text);
}

/** Position (1-based, in characters) of the first character an HTTP header value cannot hold. */
export function firstNonHeaderCharacter(value: string): number | undefined {
  let position = 0;
  for (const ch of value) {
    position += 1;
    const code = ch.codePointAt(0)!;
    // Printable ASCII and the space. Tabs, line breaks, accents, symbols such as € and emoji
    // either break the header or reach the server as other bytes than the key.
    if (code < 0x20 || code > 0x7e) return position;
  }
  return undefined;
}

/**
 * Why a token cannot be sent, before any request: a character a header cannot carry, or a key
 * too short to be a real one. Never quotes the token, its neighbouring characters or its length.
 */
export function tokenProblem(token: string, from: string): Diagnostic | undefined {
  const position = firstNonHeaderCharacter(token);
  if (position !== undefined) {
    return {
      severity: 'error',
      code: 'invalid-token',
      summary: `${from} contains a character that cannot be sent in an HTTP header at position ${position}`,
      detail:
        'An Authorization header holds printable ASCII only: no line breaks or tabs, no accented letters, ' +
        'no symbols such as € and no emoji. Copy the key again from Seller Center.',
    };
  }
  if (splitScheme(token).key.length < MIN_KEY_LENGTH) {
    return {
      severity: 'error',
      code: 'token-too-short',
      summary: `${from} is too short to be an API key (the key, after a scheme word such as \`Token\`, has fewer than ${MIN_KEY_LENGTH} characters)`,
      detail: 'Set it to the whole API key from Seller Center (with its prefix, such as `Token `, if your account needs one).',
    };
  }
  return undefined;
}
