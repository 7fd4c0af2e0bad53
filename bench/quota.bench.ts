/**
 * How close the client's rolling-window limiter gets to the quota without tripping it:
 * 200 requests to one resource against `shelf sandbox` (its own process, over loopback), in
 * scaled time. Lower bound: the first N go at once, then N per window, so ceil(200/N) − 1
 * windows. Target: wall ÷ lower bound ≤ 1.05 and zero 429s. Prints figures; never fails on them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_RATE_LIMITS, type RateLimit } from '../src/model/settings.js';
import { PACKAGE_ROOT } from '../src/package-info.js';
import { createClient } from '../src/remote/client.js';

const TOTAL = 200;
const TIME_SCALE = 100; // a 60 s window becomes 600 ms
const TOKEN = 'bench-token';

type Client = ReturnType<typeof createClient>;

async function listOnce(client: Client): Promise<void> {
  for await (const _page of client.listProducts({ approved: true })) {
    // one request per listing of approved products (the seeded example fits one page)
  }
}

let distinct = 0;
const attributesOnce = (client: Client) => client.categoryAttributes(`missing-${distinct++}`).catch(() => undefined);

interface Case {
  resource: 'products' | 'categories';
  run: (client: Client) => Promise<unknown>;
  /** Requests to the other resource, within its quota: open connections, warm both processes. */
  warmUp: (client: Client) => Promise<unknown>;
  warmUps: number;
}

const CASES: Case[] = [
  { resource: 'products', run: listOnce, warmUp: attributesOnce, warmUps: 30 },
  { resource: 'categories', run: attributesOnce, warmUp: listOnce, warmUps: 10 },
];

async function startSandbox(): Promise<{ child: ChildProcess; url: string }> {
  const cli = join(PACKAGE_ROOT, 'dist', 'cli', 'shelf.js');
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--time-scale', String(TIME_SCALE)], {
    env: { ...process.env, SHELF_SANDBOX_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^export SHELF_URL=(\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`shelf sandbox exited (${code})`)));
  });
  return { child, url };
}

async function control(url: string, action: 'log' | 'reset'): Promise<unknown> {
  const base = url.replace(/\/api$/, '');
  const res = await fetch(`${base}/__sandbox/${action}`, action === 'reset' ? { method: 'POST', body: '{}' } : {});
  return action === 'log' ? res.json() : undefined;
}

async function runCase(c: Case): Promise<void> {
  const { child, url } = await startSandbox();
  const documented = DEFAULT_RATE_LIMITS[c.resource];
  const limit: RateLimit = { requests: documented.requests, windowMs: documented.windowMs / TIME_SCALE };
  const scaledLimits = Object.fromEntries(
    Object.entries(DEFAULT_RATE_LIMITS).map(([r, l]) => [r, { requests: l.requests, windowMs: l.windowMs / TIME_SCALE }]),
  ) as typeof DEFAULT_RATE_LIMITS;
  const client = createClient({ baseUrl: url, token: TOKEN }, { rateLimits: scaledLimits, timeScale: TIME_SCALE });
  // Steady state is what is measured: connection set-up and cold code are not the limiter's doing.
  await Promise.all(Array.from({ length: c.warmUps }, () => c.warmUp(client)));
  await control(url, 'reset');

  const started = performance.now();
  await Promise.all(Array.from({ length: TOTAL }, () => c.run(client)));
  const wall = performance.now() - started;

  const log = ((await control(url, 'log')) as { resource?: string; throttled: boolean }[]).filter(
    (e) => e.resource === c.resource,
  );
  const throttled = log.filter((e) => e.throttled).length;
  const lowerBound = (Math.ceil(TOTAL / limit.requests) - 1) * limit.windowMs;
  const counters = client.counters();
  await client.close();
  child.kill('SIGINT');
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
process.stdout.write(`peak RSS of the client process ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB\n`);
