/**
 * The apply run: find the repository (a plan file names it), hold its lock and journal, get the
 * plan (made now, or the saved one checked against the remote records it touches), then execute
 * it once approved. The command decides what to show between the steps; this file decides what
 * happens, and counts every request its clients send.
 */
import { ApplyEvents } from '../apply/events.js';
import { Journal, type JournalBacklog, journalPath, readJournalBacklog, shelfDir } from '../apply/journal.js';
import { acquireApplyLock, type ApplyLock } from '../apply/lock.js';
import { type ApplyOutcome, withRecoveredFailures } from '../apply/outcome.js';
import { type RecoveryResult, uncertainWaitMs } from '../apply/recover.js';
import { applyPlan } from '../apply/run.js';
import { mergeSettled, settleableSkus } from '../apply/settle.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { stateDirProblem } from '../apply/state-dir-problem.js';
import type { ApplyListener, InFlightBatch, RecordError, UnknownRecord } from '../apply/types.js';
import { loadSettings } from '../config/load-settings.js';
import { repositoryProblem } from '../config/repository-check.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { hasErrors } from '../model/diagnostic.js';
import type { DesiredProduct, RemoteProduct } from '../model/product.js';
import type { RateLimit, Settings } from '../model/settings.js';
import { checkPlanRepository, readPlanFile, type SavedPlan } from '../plan/plan-file.js';
import { findStaleRecords, staleDiagnostics } from '../plan/stale-check.js';
import type { Plan } from '../plan/types.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { SellerCenterClient } from '../remote/types.js';
import type { PlanRequest, RunContext } from './context.js';
import { preparePlan, type ReadProgress } from './plan-run.js';
import { scopeFilters } from './read-remote.js';
import { readSavedPlanRecords } from './saved-plan-read.js';
import { forgetDeleted } from './snapshot-read.js';
import { collectEarlierBatches, connectRepository, repositoryOrigin, supersedeUncertainBatches } from './recovery.js';

export interface ApplyInput extends PlanRequest {
  /** Absolute path of the repository directory or of the plan file. */
  path: string;
  isPlanFile: boolean;
}

export interface PreparedApply {
  plan?: Plan;
  client?: SellerCenterClient;
  quota?: RateLimit;
  desired: (sku: string) => DesiredProduct | undefined;
  diagnostics: Diagnostic[];
}

/** Requests sent so far and the 429s among them, over every client of the run. */
export interface RequestTotals {
  total: number;
  throttled: number;
}

export type ApplyStart =
  | { run: ApplyRun }
  | { refused: Diagnostic[]; root: string }
  | { lockedBy: number | undefined; root: string };

/** The repository an apply works on (a plan file names it), for the lock and the journal. */
export async function applyRoot(input: ApplyInput): Promise<{ root?: string; saved?: SavedPlan; diagnostics: Diagnostic[] }> {
  if (!input.isPlanFile) {
    const problem = await repositoryProblem(input.path);
    return problem ? { diagnostics: [problem] } : { root: input.path, diagnostics: [] };
  }
  const { saved, diagnostics } = await readPlanFile(input.path);
  return saved ? { root: saved.repository.root, saved, diagnostics } : { diagnostics };
}

/** Finds the repository and takes its lock and journal; the caller closes the run. */
export async function startApply(input: ApplyInput, ctx: RunContext, cwd: string): Promise<ApplyStart> {
  const where = await applyRoot(input);
  if (!where.root) return { refused: where.diagnostics, root: cwd };
  const root = where.root;
  // `.shelf/` holds what keeps the run safe: if it cannot, the run stops before any request.
  const refusedFor = (err: unknown, path: string): ApplyStart => {
    const problem = stateDirProblem(err, path, root, { beforeWrites: true });
    if (!problem) throw err;
    return { refused: [problem], root };
  };
  let held: Awaited<ReturnType<typeof acquireApplyLock>>;
  try {
    held = await acquireApplyLock(root);
  } catch (err) {
    return refusedFor(err, shelfDir(root));
  }
  const { lock, heldBy } = held;
  if (!lock) return { lockedBy: heldBy, root };
  try {
    // The journal's batches mean something only at the origin they were sent to.
    const origin = await repositoryOrigin(root, ctx, input.url);
    const backlog = await readJournalBacklog(root, origin);
    const nothingOpen = backlog.batches.length === 0 && backlog.uncertain.length === 0 && !backlog.elsewhere;
    const journal = await Journal.open(root, { compact: nothingOpen, ...(origin ? { origin } : {}) });
    return { run: new ApplyRun(input, ctx, { root, lock, journal, backlog, saved: where.saved }) };
  } catch (err) {
    await lock.release();
    return refusedFor(err, journalPath(root));
  }
}

/**
 * How long this run's batches took, submit to end: a write whose answer was lost is read back
 * only after that long, so its batch (if the API took it) has ended. Before any batch ended,
 * the expected time of a full batch (3 s + 10 ms per item at the documented quota), scaled
 * like the configured quota window.
 */
function batchTiming(events: ApplyEvents): { longestMs(quota: RateLimit): number; stop(): void } {
  const started = new Map<string, number>();
  let longest = 0;
  const stop = events.on((e) => {
    if (e.type === 'chunk-submitted') started.set(e.batchId, Date.now());
    else if (e.type === 'batch-finished' && started.has(e.batchId)) longest = Math.max(longest, Date.now() - started.get(e.batchId)!);
  });
  return {
    longestMs: (quota) => Math.max(longest * 1.5, (13_000 * quota.windowMs) / 60_000),
    stop,
  };
}

/**
 * The per-field changes are for showing the plan, which is done once it executes: writes are
 * made from each change's records and `changed`. Dropped, they free the largest part of a
 * saved plan in memory (100,000 new SKUs: 800,000 objects, 43 MB of the heap during apply).
 */
function releaseFieldChanges(plan: Plan): void {
  for (const change of plan.changes) change.fields = [];
}

export class ApplyRun {
  readonly root: string;
  readonly backlog: JournalBacklog;
  readonly events = new ApplyEvents();
  /** Failures collected from an earlier run's batches: the report shows them whatever happens next. */
  recovered: RecordError[] = [];
  /** Records of an earlier run's batches whose outcome is still unknown. */
  recoveredUnknown: UnknownRecord[] = [];
  /** Every client the run sent requests through (the report counts all of them), and those still open. */
  private readonly clients: SellerCenterClient[] = [];
  private readonly open = new Set<SellerCenterClient>();
  private readonly lock: ApplyLock;
  private readonly journal: Journal;
  private readonly saved: SavedPlan | undefined;
  /** Where the run's read left a snapshot of the scope, so deletions it makes can leave it too. */
  private snapshotScope: { origin: string; settings: Settings } | undefined;

  constructor(
    private readonly input: ApplyInput,
    private readonly ctx: RunContext,
    state: { root: string; lock: ApplyLock; journal: Journal; backlog: JournalBacklog; saved: SavedPlan | undefined },
  ) {
    this.root = state.root;
    this.lock = state.lock;
    this.journal = state.journal;
    this.backlog = state.backlog;
    this.saved = state.saved;
  }

  requests(): RequestTotals {
    let total = 0;
    let throttled = 0;
    for (const client of this.clients) {
      const c = client.counters();
      total += Object.values(c.requests).reduce((a, b) => a + b, 0);
      throttled += c.throttled;
    }
    return { total, throttled };
  }

  /**
   * Batches sent without an answer by an interrupted run: once they could have ended, the new
   * plan (which reads their SKUs back) supersedes them. Resolves with the wait, in ms.
   */
  async supersedeUncertain(): Promise<number> {
    const { settings } = await loadSettings(this.root);
    const waitMs = uncertainWaitMs(this.backlog, settings.sellerCenter.rateLimits.products.windowMs, Date.now());
    const signal = this.ctx.signal;
    if (waitMs > 0) await sleep(waitMs, undefined, signal ? { signal } : {}).catch(() => undefined);
    await supersedeUncertainBatches(this.backlog, this.journal);
    return waitMs;
  }

  /** Collects the batches an interrupted run left in flight (with a client of its own). */
  async collect(): Promise<{ recovered?: RecoveryResult; diagnostics: Diagnostic[] }> {
    const connected = await connectRepository(this.root, this.ctx, this.input.url);
    if (!connected.client) return { diagnostics: connected.diagnostics };
    const client = this.use(connected.client);
    try {
      const recovered = await collectEarlierBatches(this.root, client, { backlog: this.backlog, journal: this.journal, events: this.events }, this.ctx.signal);
      this.recovered = recovered.errors;
      this.recoveredUnknown = recovered.unknown;
      return { recovered, diagnostics: connected.diagnostics };
    } finally {
      this.open.delete(client);
      await client.close();
    }
  }

  /** The plan to apply and the client to apply it with; the run closes the client. */
  async prepare(progress?: ReadProgress): Promise<PreparedApply> {
    const prepared = this.saved ? await this.checkSavedPlan(this.saved) : await this.planNow(progress);
    if (prepared.client) this.use(prepared.client);
    return prepared;
  }

  /** Executes an approved plan; the outcome includes the failures collected from an earlier run. */
  async execute(
    plan: Plan,
    client: SellerCenterClient,
    listener: ApplyListener,
    quota: RateLimit = { requests: 10, windowMs: 60_000 },
  ): Promise<{ outcome: ApplyOutcome; interrupted?: InFlightBatch[] }> {
    const detach = this.events.on(listener);
    const timing = batchTiming(this.events);
    releaseFieldChanges(plan);
    try {
      const signal = this.ctx.signal;
      const run = await applyPlan({ plan, client, journal: this.journal, events: this.events, ...(signal ? { signal } : {}) });
      let outcome = run.outcome;
      // Outcomes the API can still tell: read those SKUs back and write only what is missing.
      for (let round = 0; round < 3 && !run.interrupted && !signal?.aborted; round++) {
        const skus = settleableSkus(outcome);
        if (skus.length === 0 || this.saved) break;
        const settled = await this.settle(skus, timing.longestMs(quota), signal);
        if (!settled) break;
        outcome = mergeSettled(outcome, plan.changes, skus, settled);
      }
      outcome = withRecoveredFailures(outcome, this.recovered, new Set(plan.changes.map((c) => c.sku)));
      await this.forgetDeleted(plan, outcome);
      return run.interrupted ? { outcome, interrupted: run.interrupted } : { outcome };
    } finally {
      timing.stop();
      detach();
    }
  }

  /**
   * Once the batches of `skus` could have ended, plans those SKUs afresh (reading them back)
   * and applies what is still not as configured. Undefined when that could not be done.
   */
  private async settle(
    skus: string[],
    waitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: ApplyOutcome; changes: Plan['changes'] } | undefined> {
    try {
      await sleep(waitMs, undefined, signal ? { signal } : {});
    } catch {
      return undefined;
    }
    const prepared = await preparePlan(this.root, { ...this.input, targets: skus }, this.ctx);
    if (prepared.client) this.use(prepared.client);
    if (!prepared.plan || !prepared.client || hasErrors(prepared.diagnostics)) return undefined;
    if (prepared.plan.changes.length === 0) {
      const none: ApplyOutcome = { summary: { added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 }, errors: [], notAttempted: 0 };
      return { outcome: none, changes: [] };
    }
    const run = await applyPlan({
      plan: prepared.plan,
      client: prepared.client,
      journal: this.journal,
      events: this.events,
      ...(signal ? { signal } : {}),
    });
    return { outcome: run.outcome, changes: prepared.plan.changes };
  }

  /** The outcome of a plan with nothing to change: only what an earlier run's batches left. */
  nothingToDo(): ApplyOutcome {
    return withRecoveredFailures(
      { summary: { added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 0 }, errors: [], notAttempted: 0 },
      this.recovered,
      new Set(),
    );
  }

  async close(): Promise<void> {
    try {
      for (const client of this.open) await client.close();
    } finally {
      await this.journal.close();
      await this.lock.release();
    }
  }

  /**
   * A deleted product leaves no `updated_at` behind: without this, the next read would find the
   * snapshot's count one short per deletion and read the whole scope again.
   */
  private async forgetDeleted(plan: Plan, outcome: ApplyOutcome): Promise<void> {
    const scope = this.snapshotScope;
    if (!scope) return;
    const deleted = plan.changes.filter((c) => c.action === 'delete' && outcome.applied?.has(c.sku)).map((c) => c.sku);
    await forgetDeleted(this.root, scope.origin, scopeFilters(scope.settings.scope), deleted).catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      this.ctx.warn(`cannot update the snapshot in .shelf/snapshots (${code}); the next read will read the whole scope`);
    });
  }

  private use(client: SellerCenterClient): SellerCenterClient {
    this.clients.push(client);
    this.open.add(client);
    return client;
  }

  private async planNow(progress?: ReadProgress): Promise<PreparedApply> {
    const prepared = await preparePlan(this.input.path, this.input, this.ctx, progress);
    const products = prepared.catalog?.products;
    const result: PreparedApply = { desired: (sku) => products?.get(sku), diagnostics: prepared.diagnostics };
    if (prepared.client) result.client = prepared.client;
    if (prepared.catalog) result.quota = prepared.productsQuota ?? prepared.catalog.settings.sellerCenter.rateLimits.products;
    if (prepared.plan && !hasErrors(prepared.diagnostics)) result.plan = prepared.plan;
    if (prepared.catalog && prepared.apiBaseUrl && this.input.targets.length === 0) {
      this.snapshotScope = { origin: new URL(prepared.apiBaseUrl).origin, settings: prepared.catalog.settings };
    }
    return result;
  }

  /** The saved plan as saved, once it is known to belong here and its remote records are unchanged. */
  private async checkSavedPlan(saved: SavedPlan): Promise<PreparedApply> {
    const bySku = new Map(saved.plan.changes.filter((c) => c.after).map((c) => [c.sku, c.after!]));
    const connected = await connectRepository(saved.repository.root, this.ctx, this.input.url);
    const result: PreparedApply = { desired: (sku) => bySku.get(sku), diagnostics: connected.diagnostics };
    if (!connected.client || !connected.settings) return result;
    result.client = connected.client;
    result.quota = connected.settings.sellerCenter.rateLimits.products;
    const wrongRepository = checkPlanRepository(saved, connected.settings, connected.apiBaseUrl!);
    if (wrongRepository.length > 0) {
      result.diagnostics.push(...wrongRepository);
      return result;
    }
    const skus = saved.plan.changes.map((c) => c.sku);
    let current: RemoteProduct[];
    try {
      current = await readSavedPlanRecords(connected.client, connected.settings, connected.apiBaseUrl!, skus, this.ctx, this.input);
      this.snapshotScope = { origin: new URL(connected.apiBaseUrl!).origin, settings: connected.settings };
    } catch (err) {
      // Interrupted (Ctrl-C during a quota wait) or the API failed: a diagnostic, as when planning.
      if (!isRemoteError(err)) throw err;
      result.diagnostics.push(remoteErrorToDiagnostic(err));
      return result;
    }
    const stale = findStaleRecords(saved.plan, current);
    if (stale.length > 0) {
      result.diagnostics.push(...staleDiagnostics(saved.plan, stale));
      return result;
    }
    result.plan = saved.plan;
    return result;
  }
}
