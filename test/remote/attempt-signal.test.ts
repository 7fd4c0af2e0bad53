import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { attemptSignal } from '../../src/remote/attempt-signal.js';

describe('attemptSignal', () => {
  it('follows the run signal, and leaves no listener on it once disposed (no growth over a long run)', () => {
    const run = new AbortController();
    for (let i = 0; i < 1000; i++) attemptSignal(run.signal, 10_000).dispose();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);

    const live = attemptSignal(run.signal, 10_000);
    run.abort(new Error('received SIGINT'));
    expect(live.signal.aborted).toBe(true);
    expect(live.timedOut()).toBe(false);
    live.dispose();
  });

  it('says when the time limit ended the attempt', async () => {
    const limit = attemptSignal(undefined, 5);
    await new Promise((resolve) => limit.signal.addEventListener('abort', resolve));
    expect(limit.timedOut()).toBe(true);
    limit.dispose();
  });

  it('is aborted at once when the run was already interrupted', () => {
    const run = new AbortController();
    run.abort();
    const limit = attemptSignal(run.signal, 10_000);
    expect(limit.signal.aborted).toBe(true);
    limit.dispose();
  });
});
