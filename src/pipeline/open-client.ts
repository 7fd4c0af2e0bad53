/**
 * The one place a run turns settings into a Seller Center client: resolve the connection (URL
 * and token), then build the client with the repository's quotas and quota memory, and the
 * run's signal, warnings, debug trace and wait notices. The caller closes the client.
 */
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { RateLimit, Settings } from '../model/settings.js';
import { createClient, pacedRateLimits } from '../remote/client.js';
import { resolveConnection } from '../remote/connection.js';
import { quotaMemoryPath } from '../remote/quota-memory.js';
import type { SellerCenterClient } from '../remote/types.js';
import type { RunContext } from './context.js';

export interface OpenClientOptions {
  /** --url. */
  url?: string;
  /** The repository whose `.shelf/quota.json` the client reads and records (default: settings.root). */
  root?: string;
  /** See ClientOptions.quotaMemoryWritable. */
  quotaMemoryWritable?: () => boolean;
}

export interface OpenedClient {
  client?: SellerCenterClient;
  /** The API base URL the client talks to (recorded in saved plans). */
  apiBaseUrl?: string;
  /** The products quota the client paces at (a scaled sandbox's is as many times faster): for ETAs. */
  productsQuota?: RateLimit;
  /** The connection's diagnostics (also its warnings when a client was opened). */
  diagnostics: Diagnostic[];
}

export function openClient(settings: Settings, ctx: RunContext, opts: OpenClientOptions = {}): OpenedClient {
  const resolved = resolveConnection({ settings, env: ctx.env, ...(opts.url ? { url: opts.url } : {}) });
  if (!resolved.connection || hasErrors(resolved.diagnostics)) return { diagnostics: resolved.diagnostics };
  const client = createClient(resolved.connection, {
    rateLimits: settings.sellerCenter.rateLimits,
    quotaMemoryFile: quotaMemoryPath(opts.root ?? settings.root),
    warn: ctx.warn,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.debug ? { debug: ctx.debug } : {}),
    ...(ctx.onWait ? { onWait: ctx.onWait } : {}),
    ...(opts.quotaMemoryWritable ? { quotaMemoryWritable: opts.quotaMemoryWritable } : {}),
  });
  const productsQuota = pacedRateLimits(settings.sellerCenter.rateLimits, resolved.connection.sandboxTimeScale).products;
  return { client, apiBaseUrl: resolved.connection.baseUrl, productsQuota, diagnostics: resolved.diagnostics };
}
