/**
 * Text from a catalog (a SKU, a value quoted in a message) as it may be printed on a terminal:
 * control, invisible and unusual space characters are shown as `\uXXXX` escapes (a raw escape
 * character would drive the terminal, an invisible one would hide a difference), and a long
 * value is cut.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

function escape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** `text` with unprintable characters escaped and, beyond `max` characters, cut with "…". */
export function safeText(text: string, max = Number.POSITIVE_INFINITY): string {
  const cut = text.length > max ? `${[...text.slice(0, max)].slice(0, max - 1).join('')}…` : text;
  return cut.replace(UNPRINTABLE, escape);
}

/** A SKU for a context line: escaped, and cut when absurdly long (the message says how long). */
export function safeSku(sku: string): string {
  return safeText(sku, 64);
}
