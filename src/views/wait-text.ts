/**
 * The words for a wait, as the view shows them: "waiting 47 s for the i2/products quota
 * (10/min)", "retrying GET https://…/i2/products/ in 8 s after 503" (the same phrases as the
 * client's --debug line), with the time left rather than the time announced, so a live line
 * can count down.
 */
import type { WaitNotice } from '../remote/wait-notice.js';
import { formatDuration, formatRate } from './plan-format.js';

/** Sub-second waits in ms (a scaled sandbox's are), longer ones in whole seconds or minutes. */
function duration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : formatDuration(ms);
}

export function waitText(notice: WaitNotice, msLeft: number, opts: { shortUrl?: boolean } = {}): string {
  if (notice.kind === 'quota') return `waiting ${duration(msLeft)} for the i2/${notice.resource} quota (${formatRate(notice.limit)})`;
  const url = opts.shortUrl ? pathOf(notice.url) : notice.url;
  return `retrying ${notice.method} ${url} in ${duration(msLeft)} after ${notice.after}`;
}

/** In a few words, for a narrow line: "quota wait 12 s", "retry in 8 s after 503". */
export function shortWaitText(notice: WaitNotice, msLeft: number): string {
  return notice.kind === 'quota' ? `quota wait ${duration(msLeft)}` : `retry in ${duration(msLeft)} after ${notice.after}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
