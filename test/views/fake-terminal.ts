/** A stderr stand-in for view tests (terminal or not, any width) and a clock advanced by hand. */
import type { ViewClock } from '../../src/views/view-clock.js';

export interface FakeStream {
  write(text: string): boolean;
  readonly isTTY: boolean;
  readonly columns?: number;
  text(): string;
  /** What a terminal shows on the live line: the text after the last in-place redraw. */
  live(): string;
  /** Lines written (CI logs). */
  lines(): string[];
}

export function fakeStream(opts: { tty: boolean; columns?: number }): FakeStream {
  let text = '';
  return {
    isTTY: opts.tty,
    ...(opts.columns !== undefined ? { columns: opts.columns } : {}),
    write(s: string) {
      text += s;
      return true;
    },
    text: () => text,
    live: () => text.split('\r\x1b[2K').at(-1) ?? '',
    lines: () => text.split('\n').filter(Boolean),
  };
}

export interface FakeClock extends ViewClock {
  /** Moves time forward, firing each tick that falls due on the way. */
  advance(ms: number): void;
  /** Ticks still scheduled. */
  running(): number;
}

export function fakeClock(start = Date.UTC(2026, 0, 1, 12, 0, 0)): FakeClock {
  let t = start;
  const timers = new Set<{ every: number; next: number; tick: () => void }>();
  return {
    now: () => t,
    every(ms, tick) {
      const timer = { every: ms, next: t + ms, tick };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...timers].filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        t = due.next;
        due.next += due.every;
        due.tick();
      }
      t = end;
    },
    running: () => timers.size,
  };
}
