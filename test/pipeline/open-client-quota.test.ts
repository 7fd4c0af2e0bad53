/**
 * ETAs use the quota the client really paces at: against a sandbox in scaled time
 * (SHELF_SANDBOX_TIME_SCALE, loopback only) that is the configured quota, as many times faster;
 * against anything else the configured one.
 */
import { describe, expect, it } from 'vitest';
import { openClient } from '../../src/pipeline/open-client.js';
import { settings } from '../plan/build.js';

const ctx = (env: NodeJS.ProcessEnv) => ({ env: { SHELF_TOKEN: 'quota-test-token', ...env }, warn: () => {} });

describe('the products quota an opened client paces at', () => {
  it('is the configured quota scaled for a sandbox in scaled time', async () => {
    const opened = openClient(settings(), ctx({ SHELF_URL: 'http://127.0.0.1:9/api', SHELF_SANDBOX_TIME_SCALE: '60' }));
    expect(opened.productsQuota).toEqual({ requests: 10, windowMs: 1_000 });
    await opened.client?.close();
  });

  it('is the configured quota for a real API', async () => {
    const opened = openClient(settings(), ctx({ SHELF_URL: 'https://seller.example.com/api', SHELF_SANDBOX_TIME_SCALE: '60' }));
    expect(opened.productsQuota).toEqual({ requests: 10, windowMs: 60_000 });
    await opened.client?.close();
  });
});
