/**
 * One apply run on a repository, once the plan is approved: hold the lock, write the journal,
 * execute, and summarize. Shared by `shelf apply DIR` and `shelf apply PLANFILE`.
 */
import type { Plan } from '../plan/types.js';
import type { SellerCenterClient } from '../remote/types.js';
import type { ApplyEvents } from './events.js';
import { executeOperations } from './executor.js';
import type { Journal } from './journal.js';
import { operationsFromPlan } from '../plan/writes/operations.js';
import { type ApplyOutcome, summarizeOutcome } from './outcome.js';
import type { InFlightBatch } from './types.js';

export interface RunResult {
  outcome: ApplyOutcome;
  interrupted?: InFlightBatch[];
}

export async function applyPlan(opts: {
  plan: Plan;
  client: SellerCenterClient;
  journal: Journal;
  events: ApplyEvents;
  signal?: AbortSignal;
  chunkSize?: number;
}): Promise<RunResult> {
  const result = await executeOperations({
    client: opts.client,
    operations: operationsFromPlan(opts.plan),
    events: opts.events,
    journal: opts.journal,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
  });
  const outcome = summarizeOutcome(opts.plan.changes, result);
  return result.interrupted ? { outcome, interrupted: result.interrupted.inFlight } : { outcome };
}
