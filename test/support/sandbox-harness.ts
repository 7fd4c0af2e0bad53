/**
 * A sandbox over loopback HTTP for end-to-end tests: the server, the environment that points
 * shelf at it, and counts over its request log.
 */
import { createSandbox, type Sandbox, type SandboxOptions, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';

export const TOKEN = 'e2e-sandbox-token';

export interface RunningSandbox {
  sandbox: Sandbox;
  server: SandboxServer;
  url: string;
  /** SHELF_URL, SHELF_TOKEN and NO_COLOR for a run against this sandbox. */
  env: Record<string, string>;
  close(): Promise<void>;
  /** Requests of the request log matching method and path (query ignored), from index `since` on. */
  count(method: string, path: string, since?: number): number;
}

/**
 * Starts a sandbox on a free loopback port. Unless `options` say otherwise it runs 20× faster,
 * and batches finish before shelf's first look (its earliest poll comes 2 s / 20 after submit),
 * so every batch costs exactly one poll and request counts can be asserted exactly.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const batchProcessingMs = { queuedMs: 0, baseMs: 1000, perItemMs: 5 };
  const sandbox = createSandbox({ token: TOKEN, timeScale: 20, batchProcessingMs, ...options });
  const server = await startSandboxServer(sandbox, { port: 0 });
  return {
    sandbox,
    server,
    url: server.url,
    env: { SHELF_URL: server.url, SHELF_TOKEN: TOKEN, NO_COLOR: '1' },
    close: () => server.close(),
    count: (method, path, since = 0) =>
      sandbox
        .requestLog()
        .slice(since)
        .filter((e) => e.method === method && e.path.split('?')[0] === path).length,
  };
}
