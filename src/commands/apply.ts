/**
 * `shelf apply [DIR | PLANFILE]`: collect what an interrupted run left, plan (or load and
 * re-check a saved plan), show it, confirm, execute inside the quotas, report every record.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { askForApproval } from '../apply/confirm.js';
import { ApplyEvents } from '../apply/events.js';
import { Journal, type JournalBacklog, journalPath, readJournalBacklog, shelfDir } from '../apply/journal.js';
import { type ApplyLock, acquireApplyLock } from '../apply/lock.js';
import { stateDirProblem } from '../apply/state-dir-problem.js';
import { type ApplyInput, applyRoot, connectRepository, prepareApply } from '../apply/prepare-apply.js';
import { collectJournaledBatches } from '../apply/recover.js';
import { sourceOfError, withRecoveredFailures } from '../apply/outcome.js';
import { applyPlan } from '../apply/run.js';
import type { RecordError } from '../apply/types.js';
import { loadCatalog } from '../config/load-catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../plan/types.js';
import type { SellerCenterClient } from '../remote/types.js';
import { renderApplyHuman } from '../views/apply-human.js';
import { applyToJson, refusalToJson, requestTotalsOf } from '../views/apply-json.js';
import { renderRecoveredBatches } from '../views/apply-recovered.js';
import { renderDiagnostics } from '../views/diagnostics.js';
import { NO_CHANGES } from '../views/plan-format.js';
import { renderPlanHuman } from '../views/plan-human.js';
import { createProgress } from '../views/progress.js';
import { type CommandIO, EXIT_ERROR, EXIT_OK } from './io.js';

export interface ApplyOptions {
  /** A catalog repository directory, or a plan file saved with `plan --out`. */
  path: string;
  autoApprove?: boolean;
  json?: boolean;
  target: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

/**
 * What one apply run has done so far, for its report however it ends: the clients it sent
 * requests through (the report counts all of them) and the failures collected from an
 * interrupted earlier run's batches.
 */
class RunTally {
  readonly clients: SellerCenterClient[] = [];
  recovered: RecordError[] = [];

  use(client: SellerCenterClient): SellerCenterClient {
    this.clients.push(client);
    return client;
  }

  requests(): { total: number; throttled: number } {
    return requestTotalsOf(this.clients);
  }
}

/** Stops before any write: diagnostics on stderr, and with --json still one document on stdout. */
function refuse(io: CommandIO, diagnostics: Diagnostic[], root: string, json: boolean | undefined, tally: RunTally): number {
  io.stderr.write(renderDiagnostics(diagnostics, { root, color: io.color }));
  return refusedAsJson(io, json, diagnostics, tally);
}

/** A refusal already explained on stderr: with --json, stdout still gets its one document. */
function refusedAsJson(io: CommandIO, json: boolean | undefined, diagnostics: Diagnostic[], tally: RunTally): number {
  if (json) {
    const doc = refusalToJson(diagnostics, { requests: tally.requests(), recovered: tally.recovered });
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
  return EXIT_ERROR;
}

const refusal = (code: string, summary: string): Diagnostic[] => [{ severity: 'error', code, summary }];

/** The lock and what an earlier run left; a `.shelf/` that cannot be used is a refusal before any request. */
async function openState(
  root: string,
): Promise<{ problem: Diagnostic } | { lock?: ApplyLock; heldBy?: number; backlog: JournalBacklog }> {
  const problem = (err: unknown, path: string) => {
    const found = stateDirProblem(err, path, root, { beforeWrites: true });
    if (!found) throw err;
    return { problem: found };
  };
  let held: Awaited<ReturnType<typeof acquireApplyLock>>;
  try {
    held = await acquireApplyLock(root);
  } catch (err) {
    return problem(err, shelfDir(root));
  }
  if (!held.lock) return { heldBy: held.heldBy ?? -1, backlog: { batches: [], uncertain: [] } };
  try {
    return { lock: held.lock, backlog: await readJournalBacklog(root) };
  } catch (err) {
    await held.lock.release();
    return problem(err, journalPath(root));
  }
}

export async function runApply(opts: ApplyOptions, io: CommandIO): Promise<number> {
  const path = resolve(io.cwd, opts.path);
  const input: ApplyInput = {
    path,
    isPlanFile: await stat(path).then((s) => s.isFile(), () => false),
    targets: opts.target ?? [],
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.allowDestroy ? { allowDestroy: true } : {}),
    ...(opts.allowEmpty ? { allowEmpty: true } : {}),
  };
  const tally = new RunTally();
  const where = await applyRoot(input);
  if (!where.root) return refuse(io, where.diagnostics, io.cwd, opts.json, tally);
  const root = where.root;
  const opened = await openState(root);
  if ('problem' in opened) return refuse(io, [opened.problem], root, opts.json, tally);
  const { lock, heldBy, backlog } = opened;
  if (!lock) {
    io.stderr.write(`Error: another shelf apply (pid ${heldBy}) is running on ${root}; wait for it to finish.\n`);
    return refusedAsJson(io, opts.json, refusal('apply-locked', `another shelf apply (pid ${heldBy}) is running on ${root}`), tally);
  }
  let journal: Journal;
  try {
    journal = await Journal.open(root, { compact: backlog.batches.length === 0 && backlog.uncertain.length === 0 });
  } catch (err) {
    await lock.release();
    const problem = stateDirProblem(err, journalPath(root), root, { beforeWrites: true });
    if (!problem) throw err;
    return refuse(io, [problem], root, opts.json, tally);
  }
  const events = new ApplyEvents();
  try {
    // 1. What an interrupted run left in flight is collected, never resubmitted.
    if (backlog.uncertain.length > 0) {
      io.stderr.write(
        `Warning: an earlier apply stopped while submitting ${backlog.uncertain.length} batch(es); the plan re-sends whatever did not arrive.\n`,
      );
      // The new plan supersedes them: close them so later runs do not warn again.
      for (const u of backlog.uncertain) await journal.submitFailed(u.id, 'no answer recorded before shelf stopped; superseded by a new plan');
    }
    if (backlog.batches.length > 0) {
      const connected = await connectRepository(root, input, io);
      if (!connected.client) return refuse(io, connected.diagnostics, root, opts.json, tally);
      tally.use(connected.client);
      try {
        io.stderr.write(`Collecting ${backlog.batches.length} batch(es) left in flight by an earlier apply…\n`);
        const recovered = await collectJournaledBatches(connected.client, backlog, journal, events, io.signal);
        const catalog = await loadCatalog(root);
        recovered.errors = recovered.errors.map((e) => {
          const source = sourceOfError(e, catalog.products.get(e.sku));
          return source ? { ...e, source } : e;
        });
        tally.recovered = recovered.errors;
        io.stderr.write(renderRecoveredBatches(recovered, { root, color: io.color }));
        if (recovered.unresolved.length > 0) {
          const summary = `the outcome of ${recovered.unresolved.length} batch(es) left in flight by an earlier apply is still unknown; nothing new was submitted`;
          return refusedAsJson(io, opts.json, refusal('batches-unresolved', summary), tally);
        }
      } finally {
        await connected.client.close();
      }
    }

    // 2. The plan: made now, or the saved one checked against the remote records it touches.
    const prepared = await prepareApply(input, where.saved, io);
    const { client } = prepared;
    if (client) tally.use(client);
    try {
      if (!prepared.plan || !client) return refuse(io, prepared.diagnostics, root, opts.json, tally);
      const notes = prepared.diagnostics.filter((d) => d.severity !== 'error');
      if (notes.length > 0) io.stderr.write(renderDiagnostics(notes, { root, color: io.color }));
      return await confirmAndExecute(opts, io, { root, plan: prepared.plan, client, journal, events, tally, quota: prepared.quota });
    } finally {
      await client?.close();
    }
  } finally {
    await journal.close();
    await lock.release();
  }
}

async function confirmAndExecute(
  opts: ApplyOptions,
  io: CommandIO,
  ctx: {
    root: string;
    plan: Plan;
    client: SellerCenterClient;
    journal: Journal;
    events: ApplyEvents;
    tally: RunTally;
    quota?: { requests: number; windowMs: number };
  },
): Promise<number> {
  const { plan, client, tally } = ctx;
  const human = !opts.json;
  if (plan.changes.length === 0) {
    const none = withRecoveredFailures(
      { summary: { added: 0, changed: 0, destroyed: 0, failed: 0 }, errors: [], notAttempted: 0 },
      tally.recovered,
      new Set(),
    );
    if (!human) io.stdout.write(`${JSON.stringify(applyToJson(none, tally.requests()), null, 2)}\n`);
    else if (none.summary.failed === 0) io.stdout.write(`${NO_CHANGES}\n`);
    else io.stdout.write(`${NO_CHANGES}\n${renderApplyHuman(none, { root: ctx.root, color: io.color })}`);
    return none.summary.failed > 0 ? EXIT_ERROR : EXIT_OK;
  }
  // With --json, stdout carries only the JSON document: the plan goes to stderr.
  (human ? io.stdout : io.stderr).write(renderPlanHuman(plan, { color: io.color }));

  if (!opts.autoApprove) {
    const answer = await askForApproval(io.stdin, io.stderr, io.signal);
    if (answer === 'not-a-terminal') {
      io.stderr.write(
        '\nError: standard input is not a terminal, so apply cannot ask for approval; run it with --auto-approve. Nothing was written.\n',
      );
      const summary = 'standard input is not a terminal, so apply cannot ask for approval; run it with --auto-approve';
      return refusedAsJson(io, opts.json, refusal('not-a-terminal', summary), tally);
    }
    if (answer === 'declined') {
      io.stderr.write('\nApply cancelled. Nothing was written.\n');
      return refusedAsJson(io, opts.json, refusal('apply-cancelled', 'apply cancelled: the answer was not yes'), tally);
    }
  }

  const progress = createProgress({
    stream: io.stderr,
    tty: (io.stderr as { isTTY?: boolean }).isTTY === true,
    requests: () => tally.requests(),
    quota: ctx.quota ?? { requests: 10, windowMs: 60_000 },
  });
  const detach = ctx.events.on(progress.listener);
  const run = await applyPlan({ plan, client, journal: ctx.journal, events: ctx.events, signal: io.signal });
  detach();
  progress.done();
  const outcome = withRecoveredFailures(run.outcome, tally.recovered, new Set(plan.changes.map((c) => c.sku)));
  if (human) {
    const interrupted = run.interrupted ? { interrupted: run.interrupted } : {};
    io.stdout.write(`\n${renderApplyHuman(outcome, { root: ctx.root, color: io.color, ...interrupted })}`);
  } else {
    io.stdout.write(`${JSON.stringify(applyToJson(outcome, tally.requests(), run.interrupted), null, 2)}\n`);
  }
  return outcome.summary.failed > 0 || run.interrupted ? EXIT_ERROR : EXIT_OK;
}
