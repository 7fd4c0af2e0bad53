/**
 * The plan run shared by `plan` and `apply DIR`: load the catalog, open the client, read the
 * remote scope, diff, check categories and guards. Every failure before writing comes back as
 * a diagnostic; nothing here writes. The caller closes the returned client.
 */
import { loadCatalog } from '../config/load-catalog.js';
import type { DesiredCatalog } from '../model/catalog.js';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { RemoteProduct } from '../model/product.js';
import type { RateLimit } from '../model/settings.js';
import { diffCatalog } from '../plan/diff.js';
import { allowancesOf, writePlanFile } from '../plan/plan-file.js';
import { checkDesiredInScope, checkGuards } from '../plan/guards.js';
import { checkOfferGuards } from '../plan/guards-offers.js';
import { inScope } from '../plan/scope.js';
import type { Plan } from '../plan/types.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { SellerCenterClient } from '../remote/types.js';
import { checkCategories } from './check-categories.js';
import { checkLinkedProducts } from './check-linked-products.js';
import type { PlanRequest, RunContext } from './context.js';
import { openClient } from './open-client.js';
import { checkConfiguredLanguage, checkPreflight, type PreflightSource, readPreflightInputs } from './preflight-reads.js';
import { type ReadCount, readRemoteCatalog } from './read-remote.js';
import { planSnapshotOptions } from './snapshot-read.js';

/** Told how far the read of the remote scope has got (pages of the total, products, an ETA). */
export interface ReadProgress {
  /** The read starts; reads are paced at this quota. */
  start?(quota: RateLimit): void;
  page(count: ReadCount): void;
  done(): void;
}

export interface PreparedPlan {
  /** Set once the diff ran (also when a guard refused it, so the refusal can be shown with it). */
  plan?: Plan;
  catalog?: DesiredCatalog;
  client?: SellerCenterClient;
  /** The API base URL the remote scope was read from (recorded in saved plans). */
  apiBaseUrl?: string;
  /** The products quota the client paces at (for ETAs; a scaled sandbox's is faster). */
  productsQuota?: RateLimit;
  remote?: RemoteProduct[];
  /** Every diagnostic: loading, connection, reads, and the pre-flight ones below. */
  diagnostics: Diagnostic[];
  /**
   * The checks that run between the diff and the first write (scope, categories, attributes,
   * language, guards), also in `diagnostics`. An error here means no plan is shown: only these.
   */
  preflight: Diagnostic[];
}

/** `root` is the catalog repository, absolute. */
export async function preparePlan(
  root: string,
  request: PlanRequest,
  ctx: RunContext,
  progress?: ReadProgress,
): Promise<PreparedPlan> {
  const catalog = await loadCatalog(root);
  const scope = checkDesiredInScope(catalog);
  const diagnostics = [...catalog.diagnostics, ...scope];
  if (hasErrors(diagnostics)) return { catalog, diagnostics, preflight: scope };

  const { settings } = catalog;
  const opened = openClient(settings, ctx, request.url ? { url: request.url } : {});
  diagnostics.push(...opened.diagnostics);
  const { client } = opened;
  if (!client) return { catalog, diagnostics, preflight: [] };
  const preflight: Diagnostic[] = [];
  const result: PreparedPlan = {
    catalog,
    client,
    diagnostics,
    preflight,
    ...(opened.apiBaseUrl ? { apiBaseUrl: opened.apiBaseUrl } : {}),
    ...(opened.productsQuota ? { productsQuota: opened.productsQuota } : {}),
  };
  try {
    // A language the API does not accept would fail the reads themselves: checked first.
    preflight.push(...(await checkConfiguredLanguage(client, catalog)));
    if (hasErrors(preflight)) {
      diagnostics.push(...preflight);
      return result;
    }
    if (opened.productsQuota) progress?.start?.(opened.productsQuota);
    // Schemas are read alongside the products (another quota); awaited after the diff.
    const source: PreflightSource = { client, catalog, apiBaseUrl: opened.apiBaseUrl!, targets: request.targets, ctx };
    const preflightReads = readPreflightInputs(source);
    preflightReads.catch(() => undefined);
    const remote = await readRemoteCatalog(client, settings, {
      targets: request.targets,
      ...(progress ? { onPage: (count: ReadCount) => progress.page(count) } : {}),
      ...planSnapshotOptions(settings.root, opened.apiBaseUrl, request, ctx.warn, catalog.products),
    });
    progress?.done();
    result.remote = remote;
    const plan = diffCatalog(catalog, remote, { targets: request.targets });
    plan.warnings.push(...readWarnings(catalog, remote, request.targets));
    result.plan = plan;
    preflight.push(...(await checkCategories(plan, client)));
    preflight.push(...(await checkPreflight(plan, await preflightReads, source)));
    preflight.push(...(await checkLinkedProducts(plan, client)));
    const inScopeRemote = remote.filter((p) => inScope(p, settings.scope));
    preflight.push(...checkGuards(plan, catalog, inScopeRemote.length, request));
    preflight.push(...checkOfferGuards(plan, settings, inScopeRemote, request));
    diagnostics.push(...preflight);
  } catch (err) {
    progress?.done();
    if (!isRemoteError(err)) {
      // A bug: nobody else will close the connection pool, so close it before giving up.
      await client.close();
      throw err;
    }
    diagnostics.push(remoteErrorToDiagnostic(err));
  }
  return result;
}

/** Notes about what was read: a partial plan (--target), products awaiting approval, targets that name nothing. */
function readWarnings(catalog: DesiredCatalog, remote: readonly RemoteProduct[], targets: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (targets.length > 0) {
    // As terraform says of -target: a partial plan is for exceptions, and must not pass for the whole.
    const named = targets.length <= 5 ? targets.join(', ') : `${targets.slice(0, 5).join(', ')}, … (${targets.length} SKUs)`;
    out.push({
      severity: 'warning',
      code: 'partial-plan',
      summary: `This plan is partial: --target limits it to ${named}; other differences between the catalog and Seller Center are neither shown nor applied`,
      detail: 'Use --target for exceptions (repairing one record); run without it to see and apply everything.',
    });
  }
  const pending = remote.filter((p) => p.approved === false).length;
  if (pending > 0) {
    out.push({
      severity: 'warning',
      code: 'awaiting-approval',
      summary: `${pending} remote product${pending === 1 ? ' is' : 's are'} waiting for marketplace approval (read with approved=false)`,
    });
  }
  const remoteSkus = new Set(targets.length > 0 ? remote.map((p) => p.sku) : []);
  for (const sku of targets) {
    if (!catalog.products.has(sku) && !remoteSkus.has(sku)) {
      out.push({ severity: 'warning', code: 'target-not-found', summary: `--target ${sku} matches no SKU in the catalog or in Seller Center`, sku });
    }
  }
  return out;
}

/** Writes `--out`; a path that cannot be written is the user's to fix, so it is a diagnostic. */
export async function savePlan(
  file: string,
  plan: Plan,
  origin: { catalog: DesiredCatalog; apiBaseUrl: string },
  request: PlanRequest,
  shownAs: string,
): Promise<Diagnostic | undefined> {
  try {
    const allowed = allowancesOf(request);
    await writePlanFile(file, plan, { settings: origin.catalog.settings, apiBaseUrl: origin.apiBaseUrl, allowed }, request.targets);
    return undefined;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    return {
      severity: 'error',
      code: 'plan-file-unwritable',
      summary: `Cannot write the plan file ${shownAs} (${reason})`,
      detail: 'Give --out a path in an existing, writable directory.',
    };
  }
}
