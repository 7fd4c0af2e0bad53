#!/usr/bin/env node
/**
 * The shelf CLI shell: parse flags, run one command, turn its result into an exit code.
 * Everything else lives in src/commands (one file per command).
 */
import { Command, Option } from 'commander';
import type { CommandIO } from '../src/commands/io.js';
import { SANDBOX_CONTROL_HELP, SANDBOX_TOKEN_HELP } from '../src/commands/sandbox-help.js';
import { SPEC_HELP as SANDBOX_SPEC_HELP } from '../src/sandbox/spec.js';
import { reportCrash } from '../src/commands/crash.js';
import { failureJson, jsonCommandOf } from '../src/commands/failure-json.js';
import { limitHeapGrowth } from '../src/commands/heap-growth.js';
import { redactProcessOutput } from '../src/commands/redact-output.js';
import { API_ENVIRONMENT_HELP, usageErrorText } from '../src/commands/usage.js';
import { VERSION } from '../src/package-info.js';

// Before anything can print: no output of any command ever shows the token it was given.
redactProcessOutput(process.argv.slice(2), process.env);

// Large catalogs make large heaps: keep garbage from piling up to several times what is live.
limitHeapGrowth();

// A reader that stopped reading (`shelf plan | head`) is not a failure of the command: the rest of
// the output is dropped, and the command still finishes (an apply in flight is never cut short by
// its log's reader) and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupts += 1;
    // The first signal asks the running command to stop cleanly; a second one forces exit.
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error(`received ${sig}`));
  });
}

/**
 * process.stdout, noting whether a command wrote to it: with --json, a failure no command
 * reported still leaves one document on stdout, unless the command had already written its own.
 */
const stdout = {
  written: false,
  isTTY: process.stdout.isTTY === true,
  write(text: string): boolean {
    this.written = true;
    return process.stdout.write(text);
  },
};

function makeIO(global: { debug?: boolean; color?: boolean }): CommandIO {
  const env = process.env;
  const color =
    global.color !== false && !('NO_COLOR' in env && env.NO_COLOR !== '') && process.stdout.isTTY === true;
  return {
    stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
    color,
    debug: global.debug === true,
    signal: controller.signal,
  };
}

const program = new Command();
program
  .name('shelf')
  .description('Catalog-as-code for Seller Center: plan and apply products, prices and stocks from YAML.')
  .version(VERSION, '--version', 'print the version')
  .option('--debug', 'trace each HTTP exchange to stderr (the token is redacted)')
  .option('--no-color', 'no colours (same as NO_COLOR=1)')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(usageErrorText(text, longOptions())) })
  .exitOverride();

/** Every long option of every command, for the hint on terraform's single-dash spelling. */
function longOptions(): Set<string> {
  return new Set([program, ...program.commands].flatMap((c) => c.options.map((o) => o.long ?? '')));
}

let exitCode = 0;
type Run<T> = (opts: T, io: CommandIO) => Promise<number>;

/**
 * A command's action. Its module is loaded only when the command runs: loading every command
 * (the sandbox server, import's YAML writer, apply's executor) for each one cost every run a
 * tenth of a second before it began.
 */
function action<T>(load: () => Promise<Run<T>>, build: (...args: unknown[]) => T) {
  return async (...args: unknown[]) => {
    const io = makeIO(program.opts());
    const run = await load();
    exitCode = await run(build(...args), io);
  };
}

type PlanOptions = Parameters<(typeof import('../src/commands/plan.js'))['runPlan']>[0];
type ApplyOptions = Parameters<(typeof import('../src/commands/apply.js'))['runApply']>[0];
type ImportOptions = Parameters<(typeof import('../src/commands/import.js'))['runImport']>[0];
type SandboxOptions = Parameters<(typeof import('../src/commands/sandbox.js'))['runSandbox']>[0];

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags `plan` and `apply` share (see PlanFlags). */
function withPlanFlags(command: Command, verb: 'plan' | 'apply'): Command {
  return command
    .option('--target <sku>', `${verb} only this SKU (repeatable)`, collect, [])
    .option('--url <url>', 'base URL of the API (overrides SHELF_URL and shelf.yaml)')
    .option('--allow-destroy', 'allow more deletions than max_destroy')
    .option('--allow-empty', 'allow an empty catalog to prune a non-empty scope')
    .option('--allow-price-change', 'allow prices cut or raised beyond guards.price_drop / price_rise')
    .option('--allow-stock-change', 'allow more stocks set to 0 than guards.stock_zeroed')
    .option('--full-read', 'read the whole remote scope instead of what changed since the snapshot in .shelf/');
}

program
  .command('init')
  .description('scaffold a catalog repository with an example, a schema hint and CI files')
  .argument('[dir]', 'directory to create or fill', '.')
  .option('--force', 'overwrite existing files')
  .option('--schemas', 'only (re)write the schema copies in schemas/ that editors use (after upgrading shelf)')
  .action(action(async () => (await import('../src/commands/init.js')).runInit, (dir, opts) => ({ dir: dir as string, ...(opts as { force?: boolean; schemas?: boolean }) })));

program
  .command('validate')
  .description('offline: parse settings and catalog files, check the schema and cross-file rules')
  .argument('[dir]', 'catalog repository', '.')
  .option('--json', 'print diagnostics as one JSON document')
  .action(action(async () => (await import('../src/commands/validate.js')).runValidate, (dir, opts) => ({ dir: dir as string, ...(opts as { json?: boolean }) })));

withPlanFlags(
  program
    .command('plan')
    .description('read the remote catalog and show what would change')
    .argument('[dir]', 'catalog repository', '.')
    .option('--out <file>', 'save the plan for `shelf apply FILE`')
    .addOption(new Option('--json', 'print the plan as one JSON document').conflicts('markdown'))
    .option('--markdown', 'print the plan as a pull-request comment')
    .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when something does')
    .addHelpText('after', API_ENVIRONMENT_HELP),
  'plan',
).action(
    action(
      async () => (await import('../src/commands/plan.js')).runPlan,
      (dir, opts): PlanOptions => ({ dir: dir as string, ...(opts as Omit<PlanOptions, 'dir'>) }),
    ),
  );

withPlanFlags(
  program
    .command('apply')
    .description('plan (or load a saved plan), confirm, execute and report')
    .argument('[dir-or-planfile]', 'catalog repository or a plan file saved with `plan --out`', '.')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--json', 'print the result as one JSON document')
    .addHelpText('after', API_ENVIRONMENT_HELP),
  'apply',
).action(
    action(
      async () => (await import('../src/commands/apply.js')).runApply,
      (path, opts): ApplyOptions => ({ path: path as string, ...(opts as Omit<ApplyOptions, 'path'>) }),
    ),
  );

program
  .command('import')
  .description('write catalog YAML from the remote catalog (bootstrap a repository)')
  .argument('[dir]', 'catalog repository to write into', '.')
  .option('--sku-prefix <prefix>', 'only SKUs starting with this (repeatable)', collect, [])
  .option('--category <uuid>', 'only products in this category (repeatable)', collect, [])
  .option('--feeds', 'write prices and stocks as feed files instead of inline')
  .option('--force', 'overwrite existing catalog files')
  .option('--url <url>', 'base URL of the API (overrides SHELF_URL and shelf.yaml)')
  .addHelpText('after', API_ENVIRONMENT_HELP)
  .action(
    action(
      async () => (await import('../src/commands/import.js')).runImport,
      (dir, opts): ImportOptions => ({ dir: dir as string, ...(opts as Omit<ImportOptions, 'dir'>) }),
    ),
  );

program
  .command('show')
  .description('render a saved plan')
  .argument('<planfile>', 'a plan saved with `shelf plan --out`')
  .option('--json', 'print the plan as one JSON document')
  .action(action(async () => (await import('../src/commands/show.js')).runShow, (file, opts) => ({ file: file as string, ...(opts as { json?: boolean }) })));

program
  .command('search')
  .description('search the marketplace catalog (PRD108) for products to link with `product:`')
  .argument('<query>', 'words of a name, a SKU or a base code')
  .argument('[dir]', 'catalog repository whose settings to use (default: the current directory, if it is one)')
  .option('--limit <n>', 'show at most N matches (1 to 1000)', '20')
  .option('--json', 'print the matches as one JSON document')
  .addHelpText('after', API_ENVIRONMENT_HELP)
  .action(
    action(async () => (await import('../src/commands/search.js')).runSearch, (query, dir, opts) => ({
      query: query as string,
      ...(typeof dir === 'string' ? { dir } : {}),
      ...(opts as { limit?: string; json?: boolean }),
    })),
  );

program
  .command('sandbox')
  .description('run the local Seller Center emulator on 127.0.0.1')
  .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
  .option('--seed <dir>', 'catalog repository to seed products from (default: the bundled fashion example)')
  .option('--time-scale <x>', 'divide every duration (quota window, batch processing, approval) by X', '1')
  .option('--detach', 'run in the background; print the export lines (and SHELF_SANDBOX_PID) once it listens, then return')
  .addOption(
    new Option('--faults <spec>', 'inject faults and API variants, e.g. "429=0.1,5xx=0.05,drop=0.02,slow=0.1,seed=7"'),
  )
  .addHelpText('after', `\n${SANDBOX_SPEC_HELP}\n\n${SANDBOX_TOKEN_HELP}\n\n${SANDBOX_CONTROL_HELP}`)
  .action(
    action(
      async () => (await import('../src/commands/sandbox.js')).runSandbox,
      (opts): SandboxOptions => ({ ...(opts as SandboxOptions) }),
    ),
  );

const jsonCommand = jsonCommandOf(process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') {
    exitCode = 0;
  } else if (code === 'commander.help') {
    // `shelf` with no command prints the help on stderr and fails (as terraform does), so a
    // script whose command went missing (`shelf $CMD`) stops; `shelf --help` and `shelf help` exit 0.
    exitCode = (err as { exitCode?: number }).exitCode ?? 1;
  } else if (typeof code === 'string' && code.startsWith('commander.')) {
    exitCode = 1;
    const message = (err as Error).message.replace(/^error: /, '');
    if (jsonCommand && !stdout.written) process.stdout.write(failureJson(jsonCommand, 'usage', message));
  } else {
    exitCode = reportCrash(err, process.stderr);
    const message = err instanceof Error ? err.message : String(err);
    if (jsonCommand && !stdout.written) process.stdout.write(failureJson(jsonCommand, 'unexpected', message));
  }
}
process.exitCode = exitCode;
