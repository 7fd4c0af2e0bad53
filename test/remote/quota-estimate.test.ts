import { describe, expect, it } from 'vitest';
import { RollingWindowQuota } from '../../src/remote/quota.js';

describe('RollingWindowQuota.expectedWaitMs', () => {
  it('is 0 with tokens unused, and costs nothing for a lifted quota (no list of a million free slots)', async () => {
    // Asked before every request: on a million-a-second quota it used to build and sort a
    // million-entry array each time (`npm run bench plan` shows the cost); the value is 0.
    const lifted = new RollingWindowQuota({ requests: 1_000_000, windowMs: 1_000 });
    expect(lifted.expectedWaitMs()).toBe(0);
    await lifted.close();
  });

  it('counts a spent quota in windows: the next token comes back within one window', async () => {
    const quota = new RollingWindowQuota({ requests: 2, windowMs: 60_000 });
    const first = await quota.acquire('read');
    const second = await quota.acquire('read');
    first.settle({ throttled: false });
    second.settle({ throttled: false });
    const wait = quota.expectedWaitMs();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000 + 10_000);
    await quota.close();
  });
});
