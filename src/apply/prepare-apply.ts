/**
 * Where the plan of an apply comes from. From a directory: the shared plan pipeline
 * (`preparePlan`: load, connect, read, diff, guards). From a saved plan file: the plan as
 * saved, after checking it belongs to this repository and that the remote records it touches
 * have not changed since (filtered reads of exactly those SKUs).
 */
import type { CommandIO } from '../commands/io.js';
import { loadSettings } from '../config/load-settings.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { hasErrors } from '../model/diagnostic.js';
import type { DesiredProduct } from '../model/product.js';
import type { RateLimit, Settings } from '../model/settings.js';
import { checkPlanRepository, readPlanFile, type SavedPlan } from '../plan/plan-file.js';
import { preparePlan } from '../plan/prepare.js';
import { readRemoteCatalog } from '../plan/read-remote.js';
import type { Plan } from '../plan/types.js';
import { createClient } from '../remote/client.js';
import { resolveConnection } from '../remote/connection.js';
import { quotaMemoryPath } from '../remote/quota-memory.js';
import type { SellerCenterClient } from '../remote/types.js';
import { findStaleRecords } from '../plan/stale-check.js';

export interface ApplyInput {
  /** Absolute path of the repository directory or of the plan file. */
  path: string;
  isPlanFile: boolean;
  targets: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
}

export interface PreparedApply {
  plan?: Plan;
  client?: SellerCenterClient;
  quota?: RateLimit;
  desired: (sku: string) => DesiredProduct | undefined;
  diagnostics: Diagnostic[];
}

/** The repository an apply works on (a plan file names it), for the lock and the journal. */
export async function applyRoot(input: ApplyInput): Promise<{ root?: string; saved?: SavedPlan; diagnostics: Diagnostic[] }> {
  if (!input.isPlanFile) return { root: input.path, diagnostics: [] };
  const { saved, diagnostics } = await readPlanFile(input.path);
  return saved ? { root: saved.repository.root, saved, diagnostics } : { diagnostics };
}

/** A client for the repository's connection, without planning (to collect journaled batches). */
export async function connectRepository(
  root: string,
  input: Pick<ApplyInput, 'url'>,
  io: CommandIO,
): Promise<{ client?: SellerCenterClient; settings?: Settings; diagnostics: Diagnostic[] }> {
  const { settings, diagnostics } = await loadSettings(root);
  if (hasErrors(diagnostics)) return { diagnostics };
  const resolved = resolveConnection({ settings, env: io.env, ...(input.url ? { url: input.url } : {}) });
  if (!resolved.connection) return { diagnostics: [...diagnostics, ...resolved.diagnostics] };
  const client = createClient(resolved.connection, {
    rateLimits: settings.sellerCenter.rateLimits,
    quotaMemoryFile: quotaMemoryPath(root),
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`${line}\n`) } : {}),
  });
  return { client, settings, diagnostics: [...diagnostics, ...resolved.diagnostics] };
}

export async function prepareApply(input: ApplyInput, saved: SavedPlan | undefined, io: CommandIO): Promise<PreparedApply> {
  if (!saved) {
    const prepared = await preparePlan({
      dir: input.path,
      targets: input.targets,
      ...(input.url ? { url: input.url } : {}),
      ...(input.allowDestroy ? { allowDestroy: true } : {}),
      ...(input.allowEmpty ? { allowEmpty: true } : {}),
      io,
    });
    const products = prepared.catalog?.products;
    const result: PreparedApply = {
      desired: (sku) => products?.get(sku),
      diagnostics: prepared.diagnostics,
    };
    if (prepared.client) result.client = prepared.client;
    if (prepared.catalog) result.quota = prepared.catalog.settings.sellerCenter.rateLimits.products;
    if (prepared.plan && !hasErrors(prepared.diagnostics)) result.plan = prepared.plan;
    return result;
  }

  const bySku = new Map(saved.plan.changes.filter((c) => c.after).map((c) => [c.sku, c.after!]));
  const connected = await connectRepository(saved.repository.root, input, io);
  const result: PreparedApply = { desired: (sku) => bySku.get(sku), diagnostics: connected.diagnostics };
  if (!connected.client || !connected.settings) return result;
  result.client = connected.client;
  result.quota = connected.settings.sellerCenter.rateLimits.products;
  const wrongRepository = checkPlanRepository(saved, connected.settings);
  if (wrongRepository.length > 0) {
    result.diagnostics.push(...wrongRepository);
    return result;
  }
  const skus = saved.plan.changes.map((c) => c.sku);
  const current = skus.length > 0 ? await readRemoteCatalog(connected.client, connected.settings, { targets: skus }) : [];
  const stale = findStaleRecords(saved.plan, current);
  if (stale.length > 0) {
    result.diagnostics.push({
      severity: 'error',
      code: 'stale-plan',
      summary: `The saved plan is stale: ${stale.length} remote record${stale.length === 1 ? '' : 's'} changed since it was made. Nothing was written.`,
      detail: 'Make a new plan with `shelf plan --out`, review it, and apply that.',
    });
    for (const s of stale) result.diagnostics.push({ severity: 'error', code: 'stale-record', summary: `${s.sku} ${s.reason}`, sku: s.sku });
    return result;
  }
  result.plan = saved.plan;
  return result;
}
