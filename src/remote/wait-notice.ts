/**
 * Why and how long the client is about to wait, told when the wait *starts* (not after it
 * ended), so a view can show it live and a CI log gets a line before a long silence.
 */
import type { QuotaResource, RateLimit } from '../model/settings.js';

export type WaitNotice =
  | {
      kind: 'quota';
      resource: QuotaResource;
      /** Expected wait (an estimate: other requests may be ahead in the queue). */
      ms: number;
      limit: RateLimit;
    }
  | {
      kind: 'retry';
      method: string;
      /** Origin and path, no query. */
      url: string;
      ms: number;
      /** What failed: a status (`503`, `429`), an error code, or `timeout`. */
      after: string;
      /** Retries of this request so far, this one included. */
      retry: number;
      /** Epoch ms from which the API has been unreachable, during an outage. */
      unreachableSince?: number;
    };

function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatRate(limit: RateLimit): string {
  if (limit.windowMs === 60_000) return `${limit.requests}/min`;
  if (limit.windowMs === 1_000) return `${limit.requests}/s`;
  return `${limit.requests}/${limit.windowMs}ms`;
}

/** "waiting 47 s for the i2/products quota (10/min)", "retrying GET https://…/i2/products/ in 8 s after 503". */
export function describeWait(notice: WaitNotice): string {
  if (notice.kind === 'quota') {
    return `waiting ${duration(notice.ms)} for the i2/${notice.resource} quota (${formatRate(notice.limit)})`;
  }
  return `retrying ${notice.method} ${notice.url} in ${duration(notice.ms)} after ${notice.after}`;
}
