import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DESTROY, DEFAULT_RATE_LIMITS, type Settings } from '../../src/model/settings.js';
import { resolveConnection } from '../../src/remote/connection.js';

const settings: Settings = {
  root: '/repo',
  sellerCenter: { rateLimits: DEFAULT_RATE_LIMITS },
  files: [],
  prune: false,
  scope: { skuPrefixes: [], categories: [] },
  protect: [],
  maxDestroy: DEFAULT_MAX_DESTROY,
  sources: {},
};
const TOKEN = 'Token sandbox-scale-test-key-0001';

const resolve = (url: string, scale?: string) =>
  resolveConnection({ settings, env: { SHELF_URL: url, SHELF_TOKEN: TOKEN, ...(scale ? { SHELF_SANDBOX_TIME_SCALE: scale } : {}) } });

describe('SHELF_SANDBOX_TIME_SCALE', () => {
  it('paces a loopback sandbox in its scaled time', () => {
    expect(resolve('http://127.0.0.1:4010/api', '60').connection?.sandboxTimeScale).toBe(60);
    expect(resolve('http://localhost:4010/api', '2.5').connection?.sandboxTimeScale).toBe(2.5);
    expect(resolve('http://127.0.0.1:4010/api', '60').diagnostics).toEqual([]);
  });

  it('never paces a real API faster than its quota: ignored, with a warning that says why', () => {
    const { connection, diagnostics } = resolve('https://seller.example.com/api', '60');
    expect(connection?.sandboxTimeScale).toBeUndefined();
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'sandbox-time-scale-ignored']]);
    expect(diagnostics[0]!.summary).toContain('seller.example.com is not a local sandbox');
  });

  it('takes nothing from a scale below 1 or not a number', () => {
    for (const bad of ['0.5', 'fast', '-3']) {
      const { connection, diagnostics } = resolve('http://127.0.0.1:4010/api', bad);
      expect(connection?.sandboxTimeScale).toBeUndefined();
      expect(diagnostics.map((d) => d.code)).toEqual(['sandbox-time-scale-invalid']);
    }
    expect(resolve('http://127.0.0.1:4010/api', '1').connection?.sandboxTimeScale).toBeUndefined();
  });
});
