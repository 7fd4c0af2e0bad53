/**
 * `Retry-After` comes as delta-seconds or as an HTTP date. A date is measured against the
 * response's own `Date` header when present, so a skewed local clock does not matter.
 */
export function parseRetryAfter(value: string | null, serverDate: string | null, nowMs = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  const reference = serverDate ? Date.parse(serverDate) : Number.NaN;
  return Math.max(0, at - (Number.isNaN(reference) ? nowMs : reference));
}

/** Exponential back-off with "equal jitter": half fixed, half random, so clients spread out. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The wait a throttled answer's body announces: "Request was throttled. Expected available in 12 seconds." */
export function throttledFor(body: string): number | undefined {
  const m = /available in (\d+(?:\.\d+)?) seconds?/i.exec(body);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}
