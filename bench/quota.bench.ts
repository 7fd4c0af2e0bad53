/**
 * How close the client's rolling-window limiter gets to the quota without tripping it:
 * 200 requests to one resource against the sandbox over loopback, in scaled time.
 * Lower bound: the first N go at once, then N per window, so ceil(200/N) − 1 windows.
 * Target: wall ÷ lower bound ≤ 1.05 and zero 429s. Prints figures; never fails on them.
 */
import { createClient } from '../src/remote/client.js';
import type { RateLimit } from '../src/model/settings.js';
import { DEFAULT_RATE_LIMITS } from '../src/model/settings.js';
import { createSandbox, startSandboxServer } from '../src/sandbox/index.js';

const TOTAL = 200;
const TIME_SCALE = 100; // a 60 s window becomes 600 ms
const TOKEN = 'bench-token';

type Client = ReturnType<typeof createClient>;

interface Case {
  resource: 'products' | 'categories';
  run: (client: Client) => Promise<unknown>;
  /** Requests to the other (unlimited here) resource: opens connections, warms the server's code. */
  warmUp: (client: Client) => Promise<unknown>;
}

async function listOnce(client: Client): Promise<void> {
  for await (const _page of client.listProducts({ approved: true })) {
    // one request per listing: the sandbox store is empty
  }
}

let distinct = 0;
const attributesOnce = (client: Client) => client.categoryAttributes(`missing-${distinct++}`).catch(() => undefined);

const CASES: Case[] = [
  { resource: 'products', run: listOnce, warmUp: attributesOnce },
  { resource: 'categories', run: attributesOnce, warmUp: listOnce },
];

async function runCase(c: Case): Promise<void> {
  const other = c.resource === 'products' ? 'categories' : 'products';
  const sandbox = createSandbox({ token: TOKEN, timeScale: TIME_SCALE, rateLimits: { [other]: null } });
  const server = await startSandboxServer(sandbox, { port: 0 });
  const documented = DEFAULT_RATE_LIMITS[c.resource];
  const limit: RateLimit = { requests: documented.requests, windowMs: documented.windowMs / TIME_SCALE };
  const lifted = { requests: 1_000_000, windowMs: 1_000 };
  const client = createClient(
    { baseUrl: server.url, token: TOKEN },
    {
      rateLimits: { products: lifted, categories: lifted, packages: lifted, claims: lifted, [c.resource]: limit },
      timeScale: TIME_SCALE,
    },
  );
  // Steady state is what is measured: connection set-up and a cold server are not the limiter's doing.
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 40 }, () => c.warmUp(client)));
  sandbox.reset();
  const started = performance.now();
  await Promise.all(Array.from({ length: TOTAL }, () => c.run(client)));
  const wall = performance.now() - started;
  const log = sandbox.requestLog().filter((e) => e.resource === c.resource);
  const throttled = log.filter((e) => e.throttled).length;
  const lowerBound = (Math.ceil(TOTAL / limit.requests) - 1) * limit.windowMs;
  const counters = client.counters();
  await client.close();
  await server.close();
  process.stdout.write(
    [
      `resource ${c.resource}: ${limit.requests} per ${limit.windowMs} ms (time scale ${TIME_SCALE})`,
      `  requests sent      ${counters.requests[c.resource]} (server saw ${log.length})`,
      `  wall               ${Math.round(wall)} ms`,
      `  lower bound        ${Math.round(lowerBound)} ms (ceil(${TOTAL}/${limit.requests}) - 1 windows)`,
      `  ratio              ${(wall / lowerBound).toFixed(3)}  (target <= 1.05)`,
      `  429 responses      ${throttled}  (target 0); client retried ${counters.retried}`,
      '',
    ].join('\n'),
  );
}

for (const c of CASES) await runCase(c);
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB\n`);
