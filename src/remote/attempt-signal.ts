/**
 * One attempt's abort signal: aborted by the run's signal (Ctrl-C) or by the attempt's time
 * limit. Built by hand rather than with `AbortSignal.any`, which on Node 20 keeps every derived
 * signal alive for as long as the run's signal lives (one per request, for the whole run).
 */
export interface AttemptSignal {
  signal: AbortSignal;
  /** True when the time limit, not the run's signal, ended the attempt. */
  timedOut(): boolean;
  dispose(): void;
}

export function attemptSignal(parent: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('attempt timed out'));
  }, timeoutMs);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
