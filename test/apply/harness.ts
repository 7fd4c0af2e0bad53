/**
 * End-to-end helpers for apply: a sandbox over loopback, scratch catalog repositories, and a
 * CommandIO that records what a command printed.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createSandbox, type Sandbox, type SandboxOptions, startSandboxServer } from '../../src/sandbox/index.js';

export const TOKEN = 'apply-test-token';
export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';

export interface RunningSandbox {
  sandbox: Sandbox;
  url: string;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
  /** Requests of the request log matching method and path prefix (query ignored). */
  count(method: string, pathPrefix: string, since?: number): number;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  // Batches finish before shelf's first look (its earliest poll comes 2 s / 20 after submit),
  // so every batch costs exactly one poll and request counts can be asserted exactly.
  const batchProcessingMs = { queuedMs: 0, baseMs: 1000, perItemMs: 5 };
  const sandbox = createSandbox({ token: TOKEN, timeScale: 20, batchProcessingMs, ...options });
  const server = await startSandboxServer(sandbox, { port: 0 });
  return {
    sandbox,
    url: server.url,
    env: { SHELF_URL: server.url, SHELF_TOKEN: TOKEN, NO_COLOR: '1' },
    close: () => server.close(),
    count: (method, prefix, since = 0) =>
      sandbox
        .requestLog()
        .slice(since)
        .filter((e) => e.method === method && e.path.split('?')[0] === prefix).length,
  };
}

export async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'shelf-apply-e2e-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** A small T-shirt catalog: `n` SKUs with price and stock, one of them (optionally) in a colour the API rejects. */
export function tshirtCatalog(n: number, opts: { badColorAt?: number; prefix?: string } = {}): string {
  const prefix = opts.prefix ?? 'TEE-';
  const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
  const colors = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
  const lines = ['products:'];
  for (let i = 0; i < n; i++) {
    const color = i === opts.badColorAt ? 'Teal' : colors[i % colors.length];
    lines.push(`  - sku: ${prefix}${String(i).padStart(3, '0')}`);
    lines.push(`    base_code: ${prefix}BASE`);
    lines.push(`    name: Tee ${i}`);
    lines.push(`    category: ${TSHIRTS}`);
    lines.push(`    attributes: {COLOR: ${color}, SIZE: ${sizes[i % sizes.length]}}`);
    lines.push(`    price: "${100 + i}.90"`);
    lines.push(`    stock: ${i + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The sandbox runs 20× faster; quotas of the same shape tell shelf so (its polls and back-off follow). */
export const SHELF_YAML =
  'seller_center:\n  rate_limits:\n    products: 10/3000ms\n    categories: 30/3000ms\n' +
  'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n';

export { type RecordedIO, recordingIO } from '../support/recording-io.js';
