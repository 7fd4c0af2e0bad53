/**
 * One fetch with three time limits, each with its own words when it fires: the response
 * headers must arrive within `headersMs`, the body may stay idle (no chunk) for at most
 * `bodyIdleMs`, and the whole exchange may last `totalMs`. A server that never answers or
 * trickles its body is then cut off and named, instead of holding a run for minutes. Our own
 * timers rather than only undici's Agent options, so msw-backed tests exercise them too (the
 * Agent carries the same limits, a little longer, as a backstop).
 */
export interface TimeLimits {
  headersMs: number;
  bodyIdleMs: number;
  totalMs: number;
}

export type Stall = 'headers' | 'body' | 'total';

export type TimedAnswer =
  | { status: number; headers: Headers; text: string }
  | { error: unknown; stall?: Stall };

/** Reads the body; rejects when no chunk came for `idleMs` (after `onIdle` has recorded why). */
async function readBody(res: Response, idleMs: number, onIdle: () => void, aborted: Promise<never>): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onIdle();
        reject(new Error('body idle'));
      }, idleMs);
    });
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      // A race, not only the abort signal: not every fetch (msw's, for one) ends a pending read on abort.
      chunk = await Promise.race([reader.read(), idle, aborted]);
    } catch (err) {
      reader.cancel().catch(() => {});
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (chunk.done) return text + decoder.decode();
    text += decoder.decode(chunk.value, { stream: true });
  }
}

/** `onHead` runs as soon as the status line and headers are in (before the body is read). */
export async function timedFetch(
  url: URL,
  init: RequestInit,
  limits: TimeLimits,
  parent: AbortSignal | undefined,
  onHead?: (res: Response) => void,
): Promise<TimedAnswer> {
  const controller = new AbortController();
  let stall: Stall | undefined;
  const cut = (why: Stall) => () => {
    stall ??= why;
    controller.abort(new Error(`time limit (${why})`));
  };
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
  });
  aborted.catch(() => {});
  const total = setTimeout(cut('total'), limits.totalMs);
  const headers = setTimeout(cut('headers'), limits.headersMs);
  try {
    const res = await globalThis.fetch(url, { ...init, signal: controller.signal });
    clearTimeout(headers);
    onHead?.(res);
    const text = await readBody(res, limits.bodyIdleMs, cut('body'), aborted);
    return { status: res.status, headers: res.headers, text };
  } catch (error) {
    return stall ? { error, stall } : { error };
  } finally {
    clearTimeout(total);
    clearTimeout(headers);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
