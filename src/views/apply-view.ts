/**
 * What `shelf apply` shows, one method per moment of the run. Human and JSON share stderr
 * (diagnostics, recovery, the prompt, progress); they differ in what stdout carries: the plan
 * and the report for people, exactly one JSON document with --json (then the plan goes to
 * stderr). Views get plain data: the run's request totals and recovered failures, not its client.
 */
import type { ApplyOutcome } from '../apply/outcome.js';
import type { RecoveryResult } from '../apply/recover.js';
import type { InFlightBatch, RecordError, UnknownRecord } from '../apply/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { renderApplyHuman } from './apply-human.js';
import { applyToJson, refusalToJson } from './apply-json.js';
import { renderRecoveredBatches } from './apply-recovered.js';
import { renderDiagnostics } from './diagnostics.js';
import { isTerminal, type ViewOutput, writeJson } from './output.js';
import { NO_CHANGES } from './plan-format.js';
import { planHumanChunks } from './plan-human.js';
import { createProgress, type Progress } from './progress.js';
import type { WaitStatus } from './wait-status.js';
import { writeChunks } from './write-chunks.js';
import { askForApproval, type Confirmation } from './prompt.js';

/** What the run has done so far, as the view needs it for any document it writes. */
export interface ApplyTally {
  requests(): { total: number; throttled: number };
  readonly recovered: readonly RecordError[];
  /** Records of an earlier run's batches whose outcome is still unknown. */
  readonly recoveredUnknown?: readonly UnknownRecord[];
}

/** Before the run has started (no repository, lock held), nothing was sent or recovered. */
const NOTHING_YET: ApplyTally = { requests: () => ({ total: 0, throttled: 0 }), recovered: [] };

export interface ApplyView {
  /** Stopped before any write: the diagnostics say why. */
  refused(diagnostics: readonly Diagnostic[], root: string): void;
  locked(pid: number | undefined, root: string): void;
  uncertainSuperseded(count: number): void;
  collecting(count: number): void;
  /** Work an earlier apply left open against other API origins: left alone, said once. */
  elsewhere(origins: readonly { origin: string; batches: number; records: number }[]): void;
  recovered(result: RecoveryResult, root: string): void;
  /** Batches of an earlier run whose outcome is still unknown: nothing new is submitted. */
  unresolved(count: number): void;
  /** Warnings that came with a plan that can be applied. */
  notes(diagnostics: readonly Diagnostic[], root: string): void;
  nothingToDo(outcome: ApplyOutcome, root: string): void;
  planShown(plan: Plan): void;
  /** Asks for `yes`; says why when the answer is not one. */
  confirm(): Promise<Confirmation>;
  progress(quota: { requests: number; windowMs: number }, waits?: WaitStatus): Progress;
  report(outcome: ApplyOutcome, root: string, interrupted?: InFlightBatch[]): void;
}

export function applyView(out: ViewOutput, opts: { json: boolean }, tally: ApplyTally = NOTHING_YET): ApplyView {
  return opts.json ? new ApplyJsonView(out, tally) : new ApplyHumanView(out, tally);
}

abstract class ApplyViewBase implements ApplyView {
  constructor(
    protected readonly out: ViewOutput,
    protected readonly tally: ApplyTally,
  ) {}

  /** With --json, a refusal still leaves its one document on stdout. */
  protected abstract refusal(diagnostics: readonly Diagnostic[]): void;
  abstract nothingToDo(outcome: ApplyOutcome, root: string): void;
  abstract planShown(plan: Plan): void;
  abstract report(outcome: ApplyOutcome, root: string, interrupted?: InFlightBatch[]): void;

  refused(diagnostics: readonly Diagnostic[], root: string): void {
    this.out.stderr.write(renderDiagnostics(diagnostics, { root, color: this.out.color }));
    this.refusal(diagnostics);
  }

  locked(pid: number | undefined, root: string): void {
    this.out.stderr.write(`Error: another shelf apply (pid ${pid}) is running on ${root}; wait for it to finish.\n`);
    this.refusal(stop('apply-locked', `another shelf apply (pid ${pid}) is running on ${root}`));
  }

  uncertainSuperseded(count: number): void {
    this.out.stderr.write(
      `Warning: an earlier apply stopped while submitting ${count} batch(es); once they could have ended, the plan reads their SKUs back and re-sends whatever did not arrive.\n`,
    );
  }

  collecting(count: number): void {
    this.out.stderr.write(`Collecting ${count} batch(es) left in flight by an earlier apply…\n`);
  }

  elsewhere(origins: readonly { origin: string; batches: number; records: number }[]): void {
    for (const o of origins) {
      this.out.stderr.write(
        `Note: ${o.batches} batch(es) (${o.records} records) of an earlier apply against ${o.origin} are left alone: they are kept in .shelf/journal.jsonl and collected when shelf applies to that origin again.\n`,
      );
    }
  }

  recovered(result: RecoveryResult, root: string): void {
    this.out.stderr.write(renderRecoveredBatches(result, { root, color: this.out.color }));
  }

  unresolved(count: number): void {
    // renderRecoveredBatches has already said which batches and why.
    const summary = `the outcome of ${count} batch(es) left in flight by an earlier apply is still unknown; nothing new was submitted`;
    this.refusal(stop('batches-unresolved', summary));
  }

  notes(diagnostics: readonly Diagnostic[], root: string): void {
    if (diagnostics.length > 0) this.out.stderr.write(renderDiagnostics(diagnostics, { root, color: this.out.color }));
  }

  async confirm(): Promise<Confirmation> {
    const answer = await askForApproval(this.out.stdin, this.out.stderr, this.out.signal);
    if (answer === 'not-a-terminal') {
      this.out.stderr.write(
        '\nError: standard input is not a terminal, so apply cannot ask for approval; run it with --auto-approve. Nothing was written.\n',
      );
      const summary = 'standard input is not a terminal, so apply cannot ask for approval; run it with --auto-approve';
      this.refusal(stop('not-a-terminal', summary));
    } else if (answer === 'declined') {
      this.out.stderr.write('\nApply cancelled. Nothing was written.\n');
      this.refusal(stop('apply-cancelled', 'apply cancelled: the answer was not yes'));
    }
    return answer;
  }

  progress(quota: { requests: number; windowMs: number }, waits?: WaitStatus): Progress {
    return createProgress({
      stream: this.out.stderr,
      tty: isTerminal(this.out.stderr),
      requests: () => this.tally.requests(),
      quota,
      ...(waits ? { waits } : {}),
    });
  }
}

class ApplyHumanView extends ApplyViewBase {
  protected refusal(): void {}

  nothingToDo(outcome: ApplyOutcome, root: string): void {
    if (outcome.summary.failed === 0) this.out.stdout.write(`${NO_CHANGES}\n`);
    else this.out.stdout.write(`${NO_CHANGES}\n${renderApplyHuman(outcome, { root, color: this.out.color })}`);
  }

  planShown(plan: Plan): void {
    writeChunks(this.out.stdout, planHumanChunks(plan, { color: this.out.color }));
  }

  report(outcome: ApplyOutcome, root: string, interrupted?: InFlightBatch[]): void {
    const opts = { root, color: this.out.color, ...(interrupted ? { interrupted } : {}) };
    this.out.stdout.write(`\n${renderApplyHuman(outcome, opts)}`);
  }
}

class ApplyJsonView extends ApplyViewBase {
  protected refusal(diagnostics: readonly Diagnostic[]): void {
    writeJson(
      this.out,
      refusalToJson(diagnostics, { requests: this.tally.requests(), recovered: this.tally.recovered, unknown: this.tally.recoveredUnknown ?? [] }),
    );
  }

  nothingToDo(outcome: ApplyOutcome): void {
    writeJson(this.out, applyToJson(outcome, this.tally.requests()));
  }

  /** stdout carries only the JSON document: the plan goes to stderr. */
  planShown(plan: Plan): void {
    writeChunks(this.out.stderr, planHumanChunks(plan, { color: this.out.color }));
  }

  report(outcome: ApplyOutcome, _root: string, interrupted?: InFlightBatch[]): void {
    writeJson(this.out, applyToJson(outcome, this.tally.requests(), interrupted));
  }
}

const stop = (code: string, summary: string): Diagnostic[] => [{ severity: 'error', code, summary }];
