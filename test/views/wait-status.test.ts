/**
 * Waits are never silent: on a terminal the wait under way counts down live (on its own line,
 * or inside the progress line that hosts it); in CI logs a line comes when a wait starts and
 * at least every 30 s while it lasts, and waits of one cause that follow each other fold into
 * one line per 30 s.
 */
import { describe, expect, it } from 'vitest';
import type { WaitNotice } from '../../src/remote/wait-notice.js';
import { createWaitStatus } from '../../src/views/wait-status.js';
import { fakeClock, fakeStream } from './fake-terminal.js';

const quota = (ms: number): WaitNotice => ({ kind: 'quota', resource: 'products', ms, limit: { requests: 10, windowMs: 60_000 } });
const retry = (ms: number, after = '503'): WaitNotice => ({
  kind: 'retry',
  method: 'GET',
  url: 'https://api.example/api/i2/products/',
  ms,
  after,
  retry: 1,
});

describe('wait status in a CI log (stderr not a terminal)', () => {
  it('prints a line when a wait starts, then a reminder every 30 s while it lasts', () => {
    const stream = fakeStream({ tty: false });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    waits.notice(quota(65_000));
    expect(stream.lines()).toEqual(['2026-01-01T12:00:00.000Z waiting 1 min 5 s for the i2/products quota (10/min)']);
    clock.advance(70_000);
    expect(stream.lines()).toEqual([
      '2026-01-01T12:00:00.000Z waiting 1 min 5 s for the i2/products quota (10/min)',
      '2026-01-01T12:00:30.000Z still waiting 35 s for the i2/products quota (10/min)',
      '2026-01-01T12:01:00.000Z still waiting 5 s for the i2/products quota (10/min)',
    ]);
    expect(clock.running()).toBe(0);
  });

  it('folds short waits of one cause into a line per 30 s, and tells another cause at once', () => {
    const stream = fakeStream({ tty: false });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    // A paced read: a 6 s quota wait before each page, for a minute.
    for (let i = 0; i < 10; i++) {
      waits.notice(quota(6_000));
      clock.advance(6_000);
    }
    waits.notice(retry(8_000));
    const lines = stream.lines();
    expect(lines).toEqual([
      '2026-01-01T12:00:00.000Z waiting 6 s for the i2/products quota (10/min)',
      '2026-01-01T12:00:30.000Z waiting 6 s for the i2/products quota (10/min)',
      '2026-01-01T12:01:00.000Z retrying GET https://api.example/api/i2/products/ in 8 s after 503',
    ]);
    waits.done();
    expect(clock.running()).toBe(0);
  });
});

describe('wait status on a terminal', () => {
  it('counts the wait down on a line of its own and clears it when the wait is over', () => {
    const stream = fakeStream({ tty: true, columns: 120 });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    waits.notice(quota(47_000));
    expect(stream.live()).toBe('waiting 47 s for the i2/products quota (10/min)');
    clock.advance(10_000);
    expect(stream.live()).toBe('waiting 37 s for the i2/products quota (10/min)');
    clock.advance(40_000);
    expect(stream.live()).toBe('');
    expect(stream.text()).not.toContain('\n');
    expect(clock.running()).toBe(0);
  });

  it('shows the longest wait under way and fits the width', () => {
    const stream = fakeStream({ tty: true, columns: 40 });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    waits.notice(retry(8_000));
    waits.notice(quota(3_000));
    expect(waits.current()).toBe('retrying GET /api/i2/products/ in 8 s after 503');
    expect(stream.live().length).toBeLessThan(40);
    expect(stream.live().endsWith('…')).toBe(true);
    waits.done();
    expect(stream.live()).toBe('');
  });

  it('lets a progress line host the countdown instead of drawing its own', () => {
    const stream = fakeStream({ tty: true, columns: 120 });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    const redraws: string[] = [];
    const release = waits.host(() => redraws.push(waits.current() ?? ''));
    waits.notice(quota(2_000));
    clock.advance(3_000);
    expect(redraws).toEqual(['waiting 2 s for the i2/products quota (10/min)', 'waiting 1 s for the i2/products quota (10/min)', '']);
    expect(stream.text()).toBe('');
    release();
    waits.notice(quota(2_000));
    expect(stream.live()).toBe('waiting 2 s for the i2/products quota (10/min)');
    waits.done();
  });
});
