#!/usr/bin/env node
/**
 * `npm run demo`: the whole shelf loop in a few seconds, on nothing but this machine. Starts the
 * Seller Center sandbox in-process on loopback (categories only, quickened time), copies
 * `examples/fashion` to a scratch directory, then runs the real commands against it:
 * `shelf apply --auto-approve` (it shows the plan once, then applies it; the sandbox rejects
 * exactly one record, shown on its YAML line) and `shelf plan` again. Exits 0 when everything
 * behaved as described. Styles (bold titles) only on a terminal, and never with NO_COLOR.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runApply } from '../src/commands/apply.js';
import type { CommandIO } from '../src/commands/io.js';
import { runPlan } from '../src/commands/plan.js';
import { packageFile } from '../src/package-info.js';
import { createSandbox, startSandboxServer } from '../src/sandbox/index.js';

const REJECTED_SKU = 'AKN-OCEAN-TL-M';
/** Batches, approvals and quota windows run this many times faster than on the real API. */
const TIME_SCALE = 20;

/** A stream that shows everything and remembers it, so the demo can check what it printed. */
function tee(target: NodeJS.WritableStream): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      target.write(chunk, done);
    },
  });
  return { stream, text: () => text };
}

/**
 * The sandbox's quota windows are 20× shorter than the real minute; the copy's shelf.yaml says
 * so, and shelf paces its requests and polls to match (as for any sandbox run at a time scale).
 */
async function quickenQuotas(settingsFile: string): Promise<void> {
  const text = await readFile(settingsFile, 'utf8');
  const windowMs = 60_000 / TIME_SCALE;
  await writeFile(settingsFile, text.replace(/^(\s*(?:products|categories):\s*\d+)\/min\b/gm, `$1/${windowMs}ms`));
}

/** Bold and colours only where they render: a terminal, without NO_COLOR (https://no-color.org). */
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;

function banner(title: string): void {
  process.stdout.write(color ? `\n\x1b[1m$ ${title}\x1b[0m\n\n` : `\n$ ${title}\n\n`);
}

async function main(): Promise<number> {
  const token = randomBytes(16).toString('hex');
  const sandbox = createSandbox({ token, timeScale: TIME_SCALE });
  const server = await startSandboxServer(sandbox, { port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'shelf-demo-'));
  const repo = join(dir, 'fashion');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('received SIGINT')));
  try {
    await cp(packageFile('examples', 'fashion'), repo, { recursive: true });
    await quickenQuotas(join(repo, 'shelf.yaml'));
    process.stdout.write(`Sandbox listening on ${server.url} (seeded with categories only)\nCatalog: a copy of examples/fashion in ${repo}\n`);
    const run = async (title: string, command: (io: CommandIO) => Promise<number>) => {
      banner(title);
      const out = tee(process.stdout);
      const err = tee(process.stderr);
      const io: CommandIO = {
        stdout: out.stream,
        stderr: err.stream,
        stdin: process.stdin,
        env: { ...process.env, SHELF_URL: server.url, SHELF_TOKEN: token },
        cwd: repo,
        color,
        debug: false,
        signal: controller.signal,
      };
      const code = await command(io);
      return { code, stdout: out.text(), stderr: err.text() };
    };

    // apply shows the plan before applying it: a `shelf plan` first would print the same
    // 25-SKU plan twice.
    const apply = await run('shelf apply --auto-approve', (io) => runApply({ path: '.', autoApprove: true, target: [] }, io));
    const replan = await run('shelf plan', (io) => runPlan({ dir: '.', target: [] }, io));

    const problems: string[] = [];
    if (!/Plan: \d+ to add/.test(apply.stdout)) problems.push('apply did not show the products to add');
    if (apply.code !== 1) problems.push(`apply exited ${apply.code}, expected 1 (one rejected record)`);
    const errorBlocks = apply.stdout.match(/^Error: /gm) ?? [];
    if (!apply.stdout.includes(REJECTED_SKU) || !apply.stdout.includes('catalog/t-shirts.yaml')) {
      problems.push(`apply did not report ${REJECTED_SKU} on its line in catalog/t-shirts.yaml`);
    }
    if (!/1 failed/.test(apply.stdout)) problems.push('apply did not summarize exactly one failed resource');
    if (errorBlocks.length < 1) problems.push('apply printed no error block');
    if (!/Plan: 1 to add, 0 to change, 0 to destroy\./.test(replan.stdout) || !replan.stdout.includes(REJECTED_SKU)) {
      problems.push(`the re-plan should show only ${REJECTED_SKU} still to add`);
    }
    process.stdout.write('\n');
    if (problems.length > 0) {
      for (const p of problems) process.stderr.write(`demo: ${p}\n`);
      return 1;
    }
    process.stdout.write(
      `Demo complete: everything but ${REJECTED_SKU} (COLOR: Teal is not an allowed value) was applied, and the re-plan shows only that one.\n` +
        'Fix the colour in catalog/t-shirts.yaml and apply again to converge.\n',
    );
    return 0;
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
