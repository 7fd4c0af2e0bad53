import { describe, expect, it } from 'vitest';
import { parseSandboxSpec } from '../../src/sandbox/spec.js';
import { call, HOODIES, makeSandbox, manualClock } from './helpers.js';

const START = Date.parse('2026-03-01T10:00:00.000Z');

function product(sku: string, approved = true) {
  return { sku, name: sku, base_code: 'B', category: HOODIES, attributes: {}, approved };
}

async function skus(sandbox: ReturnType<typeof makeSandbox>, query: string): Promise<string[]> {
  const reply = await call(sandbox, 'GET', `/api/i2/products/?limit=100&${query}`);
  expect(reply.status).toBe(200);
  return reply.body.results.map((p: { sku: string }) => p.sku);
}

describe('sandbox clock: skew and whole-second stamps', () => {
  it('stamps, dates and filters by the skewed server clock; quotas keep counting real time', async () => {
    const clock = manualClock(START);
    const sandbox = makeSandbox({ now: clock.now, clockSkewMs: -2 * 3_600_000 });
    sandbox.seed({ products: [product('A')] });
    const reply = await call(sandbox, 'GET', '/api/i2/products/?limit=10');
    expect(Date.parse(reply.headers.get('date')!)).toBe(START - 2 * 3_600_000);
    expect(reply.body.results[0].updated_at).toBe('2026-03-01T08:00:00.000Z');
    expect(await skus(sandbox, 'updated_at__gte=2026-03-01T08:00:00Z')).toEqual(['A']);
    expect(await skus(sandbox, 'updated_at__gt=2026-03-01T08:00:00Z')).toEqual([]);
  });

  it('truncates created_at/updated_at to the second when asked, in listings and in filters', async () => {
    const clock = manualClock(START + 400);
    const sandbox = makeSandbox({ now: clock.now, variants: { wholeSecondStamps: true } });
    sandbox.seed({ products: [product('A'), product('P', false)] });
    clock.advance(300);
    sandbox.mutateProduct('A', { name: 'A2' });
    const listed = await call(sandbox, 'GET', '/api/i2/products/?limit=10');
    expect(listed.body.results[0].updated_at).toBe('2026-03-01T10:00:00.000Z');
    // Both edits fall in the same second: __gte that second finds them, __gt does not.
    expect(await skus(sandbox, 'updated_at__gte=2026-03-01T10:00:00Z')).toEqual(['A']);
    expect(await skus(sandbox, 'updated_at__gt=2026-03-01T10:00:00Z')).toEqual([]);
    expect(await skus(sandbox, 'approved=false&created_at__lte=2026-03-01T10:00:00Z')).toEqual(['P']);
    expect(await skus(sandbox, 'approved=false&created_at__lt=2026-03-01T10:00:00Z')).toEqual([]);
    const counted = await call(sandbox, 'GET', '/api/i2/products/?limit=1&updated_at__lt=2026-03-01T10:00:01Z');
    expect(counted.body.count).toBe(1);
  });

  it('moves through the control API and the --faults spec', async () => {
    const clock = manualClock(START);
    const sandbox = makeSandbox({ now: clock.now });
    const moved = await call(sandbox, 'POST', '/__sandbox/clock', { skew: '-2h', whole_seconds: true });
    expect(moved.body).toEqual({ now: '2026-03-01T08:00:00.000Z', skew_ms: -7_200_000, whole_seconds: true });
    expect((await call(sandbox, 'POST', '/__sandbox/clock', { skew: 'soon' })).status).toBe(400);
    expect(parseSandboxSpec('clock=+90s,whole-seconds=on')).toMatchObject({ clockSkewMs: 90_000, variants: { wholeSecondStamps: true } });
    expect(parseSandboxSpec('clock=later').errors).toHaveLength(1);
  });
});
