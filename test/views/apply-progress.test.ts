/**
 * The apply progress line on a terminal: it never wraps (a wrapped line cannot be redrawn in
 * place and leaves a junk line per redraw), its ETA counts down between events, it carries the
 * wait under way, and its tick stops when the run is done.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/types.js';
import { createProgress } from '../../src/views/progress.js';
import { createWaitStatus } from '../../src/views/wait-status.js';
import { fakeClock, fakeStream } from './fake-terminal.js';

const quota = { requests: 10, windowMs: 60_000 };

/** A large run part-way: thousands of requests and failed records make the longest line. */
function busyRun(): ApplyEvent[] {
  const events: ApplyEvent[] = [{ type: 'start', chunks: 2_520, items: 2_520_000 }];
  for (let i = 0; i < 1_300; i++) events.push({ type: 'chunk-queued', kind: 'products', size: 1000 });
  for (let i = 0; i < 1_200; i++) events.push({ type: 'chunk-submitted', kind: 'products', batchId: `b-${i}`, size: 1000, submitted: i + 1 });
  for (let i = 0; i < 1_100; i++) events.push({ type: 'batch-finished', kind: 'products', batchId: `b-${i}`, state: 'succeeded', failed: 0, size: 1000 });
  for (let i = 0; i < 12_345; i++) events.push({ type: 'record-failed', sku: `S-${i}`, operation: 'products', message: 'no' });
  return events;
}

describe('apply progress on a terminal', () => {
  it('fits 80 columns on every redraw: short forms, then the least useful parts dropped', () => {
    const stream = fakeStream({ tty: true, columns: 80 });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    const progress = createProgress({ stream, tty: true, requests: () => ({ total: 123_456, throttled: 789 }), quota, clock, waits });
    busyRun().forEach(progress.listener);
    waits.notice({ kind: 'quota', resource: 'products', ms: 47_000, limit: quota });
    clock.advance(5_000);
    const drawn = stream.text().split('\r\x1b[2K').filter(Boolean);
    expect(drawn.length).toBeGreaterThan(1000);
    for (const line of drawn) {
      expect(line).not.toContain('\n');
      expect(line.length).toBeLessThan(80);
    }
    expect(stream.live()).toBe('chunks 1100/2520, 100 in flight; 12345 failed; ETA 4 h 33 min; quota wait 42 s');
    progress.done();
    waits.done();
  });

  it('shows the whole line when the terminal is wide enough, with the wait under way', () => {
    const stream = fakeStream({ tty: true, columns: 200 });
    const clock = fakeClock();
    const waits = createWaitStatus({ stream, clock });
    const progress = createProgress({ stream, tty: true, requests: () => ({ total: 4, throttled: 1 }), quota, clock, waits });
    progress.listener({ type: 'start', chunks: 3, items: 2500 });
    waits.notice({ kind: 'retry', method: 'GET', url: 'https://seller.example.com/api/i2/products/batch-requests/b-1/', ms: 8_000, after: '503', retry: 1 });
    expect(stream.live()).toBe(
      'Applying: chunks 0/3 done, 0 in flight; 0 waiting for quota; 4 requests (1 throttled); 0 failed records; ETA 36 s; ' +
        'retrying GET /api/i2/products/batch-requests/b-1/ in 8 s after 503',
    );
    progress.done();
    waits.done();
  });

  it('counts the ETA down between events and stops its tick when done', () => {
    const stream = fakeStream({ tty: true, columns: 200 });
    const clock = fakeClock();
    const progress = createProgress({ stream, tty: true, requests: () => ({ total: 0, throttled: 0 }), quota, clock });
    progress.listener({ type: 'start', chunks: 10, items: 10_000 });
    expect(stream.live()).toMatch(/ETA 2 min$/);
    clock.advance(15_000);
    expect(stream.live()).toMatch(/ETA 1 min 45 s$/);
    clock.advance(200_000);
    expect(stream.live()).toMatch(/ETA 0 s$/);
    progress.done();
    expect(stream.live()).toBe('');
    expect(clock.running()).toBe(0);
  });
});
