/**
 * The recovery run that starts every apply: what an interrupted earlier run left in flight is
 * collected, never resubmitted. Batches whose submission got no answer are closed (the new plan
 * re-sends whatever did not arrive); submitted batches are followed to their end with a client
 * of their own, and their failed records are mapped back to the YAML they came from.
 */
import type { ApplyEvents } from '../apply/events.js';
import type { Journal, JournalBacklog } from '../apply/journal.js';
import { sourceOfError } from '../apply/outcome.js';
import { collectJournaledBatches, type RecoveryResult } from '../apply/recover.js';
import { loadCatalog } from '../config/load-catalog.js';
import { loadSettings } from '../config/load-settings.js';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { Settings } from '../model/settings.js';
import type { SellerCenterClient } from '../remote/types.js';
import type { RunContext } from './context.js';
import { openClient } from './open-client.js';
import { resolveConnection } from '../remote/connection.js';

/** The new plan supersedes batches sent without an answer: close them so later runs do not warn again. */
export async function supersedeUncertainBatches(backlog: JournalBacklog, journal: Journal): Promise<void> {
  for (const u of backlog.uncertain) await journal.submitFailed(u.id, 'no answer recorded before shelf stopped; superseded by a new plan');
}

/** The API origin the repository's connection points at (`SHELF_URL`, --url or shelf.yaml); undefined when it cannot be resolved yet. */
export async function repositoryOrigin(root: string, ctx: RunContext, url?: string): Promise<string | undefined> {
  try {
    const { settings, diagnostics } = await loadSettings(root);
    if (hasErrors(diagnostics)) return undefined;
    const { connection } = resolveConnection({ settings, env: ctx.env, ...(url ? { url } : {}) });
    return connection ? new URL(connection.baseUrl).origin : undefined;
  } catch {
    return undefined;
  }
}

/** A client for the repository's connection, without planning (to collect journaled batches). */
export async function connectRepository(
  root: string,
  ctx: RunContext,
  url?: string,
): Promise<{ client?: SellerCenterClient; settings?: Settings; apiBaseUrl?: string; diagnostics: Diagnostic[] }> {
  const { settings, diagnostics } = await loadSettings(root);
  if (hasErrors(diagnostics)) return { diagnostics };
  const opened = openClient(settings, ctx, { root, ...(url ? { url } : {}) });
  const all = [...diagnostics, ...opened.diagnostics];
  return opened.client ? { client: opened.client, settings, apiBaseUrl: opened.apiBaseUrl!, diagnostics: all } : { diagnostics: all };
}

/** Follows every journaled batch to its end; failures carry the YAML position of their SKU. */
export async function collectEarlierBatches(
  root: string,
  client: SellerCenterClient,
  run: { backlog: JournalBacklog; journal: Journal; events: ApplyEvents },
  signal?: AbortSignal,
): Promise<RecoveryResult> {
  const recovered = await collectJournaledBatches(client, run.backlog, run.journal, run.events, signal);
  const catalog = await loadCatalog(root);
  recovered.errors = recovered.errors.map((e) => {
    const source = sourceOfError(e, catalog.products.get(e.sku));
    return source ? { ...e, source } : e;
  });
  return recovered;
}
