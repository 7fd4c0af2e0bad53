#!/usr/bin/env node
/**
 * `npm run demo`: the whole shelf loop in a few seconds, on nothing but this machine. Starts the
 * Seller Center sandbox in-process on loopback (categories only, quickened time), copies
 * `examples/fashion` to a scratch directory, then runs the real commands against it:
 * `shelf apply --auto-approve`, refused by the plan's pre-flight (COLOR: Teal is not an allowed
 * value, shown on its YAML line; nothing is written); the fix and a clean apply (the plan shown
 * once, then applied); a stock the marketplace operator locked, which only the server refuses
 * (reported on its feed line); and `shelf plan` again. Exits 0 when everything behaved as described. Styles (bold titles) only on a terminal, and never with NO_COLOR.
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

/** The SKU whose stock the marketplace operator locks: the API refuses its stock update. */
const LOCKED_SKU = 'AKN-LINEN-WH-M';
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
    const writeRequests = () => sandbox.requestLog().filter((e) => e.method !== 'GET').length;
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

    // 1. The plan's pre-flight refuses the Teal variant on its line: nothing is written.
    const writesBefore = writeRequests();
    const refused = await run('shelf apply --auto-approve', (io) => runApply({ path: '.', autoApprove: true, target: [] }, io));
    const writesWhileRefused = writeRequests() - writesBefore;

    // 2. The fix, then a clean apply (it shows the plan once, then applies it).
    banner(`sed -i 's/COLOR: Teal/COLOR: Navy/' catalog/t-shirts.yaml`);
    const tshirts = join(repo, 'catalog', 't-shirts.yaml');
    await writeFile(tshirts, (await readFile(tshirts, 'utf8')).replace('COLOR: Teal', 'COLOR: Navy'));
    const apply = await run('shelf apply --auto-approve', (io) => runApply({ path: '.', autoApprove: true, target: [] }, io));

    // 3. What only the server knows: the marketplace operator locks a stock the feed then changes.
    sandbox.mutateProduct(LOCKED_SKU, { stock_locked: true });
    banner(`sed -i 's/${LOCKED_SKU}: 18/${LOCKED_SKU}: 25/' catalog/stocks.yaml   # the operator has locked this stock`);
    const stocks = join(repo, 'catalog', 'stocks.yaml');
    await writeFile(stocks, (await readFile(stocks, 'utf8')).replace(`${LOCKED_SKU}: 18`, `${LOCKED_SKU}: 25`));
    const locked = await run('shelf apply --auto-approve', (io) => runApply({ path: '.', autoApprove: true, target: [] }, io));
    const replan = await run('shelf plan', (io) => runPlan({ dir: '.', target: [] }, io));

    const problems: string[] = [];
    if (refused.code !== 1) problems.push(`the first apply exited ${refused.code}, expected 1 (refused by the pre-flight)`);
    if (!/AKN-OCEAN-TL-M: COLOR "Teal" is not an allowed value/.test(refused.stderr) || !refused.stderr.includes('catalog/t-shirts.yaml:47:')) {
      problems.push('the first apply did not refuse AKN-OCEAN-TL-M on its line in catalog/t-shirts.yaml');
    }
    if (/^Plan: /m.test(refused.stdout)) problems.push('the refused apply showed a plan');
    if (writesWhileRefused !== 0) problems.push(`the refused apply sent ${writesWhileRefused} write requests`);
    if (apply.code !== 0 || !/Plan: 25 to add/.test(apply.stdout)) problems.push(`the fixed apply exited ${apply.code}, expected 0 after adding 25 products`);
    if (locked.code !== 1 || !/1 failed/.test(locked.stdout)) problems.push(`the locked-stock apply exited ${locked.code}, expected 1 with one failed resource`);
    if (!locked.stdout.includes(LOCKED_SKU) || !locked.stdout.includes('catalog/stocks.yaml')) {
      problems.push(`the locked-stock apply did not report ${LOCKED_SKU} on its line in catalog/stocks.yaml`);
    }
    if (!/Plan: 0 to add, 1 to change, 0 to destroy\./.test(replan.stdout) || !replan.stdout.includes(LOCKED_SKU)) {
      problems.push(`the re-plan should show only ${LOCKED_SKU}'s stock still to change`);
    }
    process.stdout.write('\n');
    if (problems.length > 0) {
      for (const p of problems) process.stderr.write(`demo: ${p}\n`);
      return 1;
    }
    process.stdout.write(
      'Demo complete: the plan refused COLOR: Teal on its line before writing anything; after the fix everything was applied.\n' +
        `Seller Center then refused one record only it could judge (${LOCKED_SKU}'s stock is locked by the marketplace operator), ` +
        'and the re-plan shows only that change left.\n',
    );
    return 0;
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
