/**
 * The pipeline shared by `plan` and `apply`: load the catalog, connect, read the remote
 * scope, diff, check categories and guards. Every failure before writing comes back as a
 * diagnostic; nothing here writes. The caller closes the returned client.
 */
import { resolve } from 'node:path';
import type { CommandIO } from '../commands/io.js';
import { loadCatalog } from '../config/load-catalog.js';
import type { DesiredCatalog } from '../model/catalog.js';
import { type Diagnostic, hasErrors } from '../model/diagnostic.js';
import type { RemoteProduct } from '../model/product.js';
import { createClient } from '../remote/client.js';
import { resolveConnection } from '../remote/connection.js';
import { quotaMemoryPath } from '../remote/quota-memory.js';
import { isRemoteError, remoteErrorToDiagnostic } from '../remote/errors.js';
import type { SellerCenterClient } from '../remote/types.js';
import { checkCategories } from './check-categories.js';
import { diffCatalog } from './diff.js';
import { checkDesiredInScope, checkGuards } from './guards.js';
import { readRemoteCatalog } from './read-remote.js';
import { inScope } from './scope.js';
import type { Plan } from './types.js';

export interface PrepareOptions {
  /** The catalog repository, relative to `io.cwd` or absolute. */
  dir: string;
  url?: string;
  targets: string[];
  allowDestroy?: boolean;
  allowEmpty?: boolean;
  io: CommandIO;
}

export interface PreparedPlan {
  /** Set once the diff ran (also when a guard refused it, so the refusal can be shown with it). */
  plan?: Plan;
  catalog?: DesiredCatalog;
  client?: SellerCenterClient;
  /** The API base URL the remote scope was read from (recorded in saved plans). */
  apiBaseUrl?: string;
  remote?: RemoteProduct[];
  diagnostics: Diagnostic[];
}

export async function preparePlan(opts: PrepareOptions): Promise<PreparedPlan> {
  const { io } = opts;
  const catalog = await loadCatalog(resolve(io.cwd, opts.dir));
  const diagnostics = [...catalog.diagnostics, ...checkDesiredInScope(catalog)];
  if (hasErrors(diagnostics)) return { catalog, diagnostics };

  const { settings } = catalog;
  const resolved = resolveConnection({ settings, env: io.env, ...(opts.url ? { url: opts.url } : {}) });
  diagnostics.push(...resolved.diagnostics);
  if (!resolved.connection || hasErrors(diagnostics)) return { catalog, diagnostics };

  const client = createClient(resolved.connection, {
    rateLimits: settings.sellerCenter.rateLimits,
    quotaMemoryFile: quotaMemoryPath(settings.root),
    signal: io.signal,
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    warn: (message: string) => io.stderr.write(`Warning: ${message}\n`),
  });
  const result: PreparedPlan = { catalog, client, apiBaseUrl: resolved.connection.baseUrl, diagnostics };
  const progress = readProgress(io);
  try {
    const remote = await readRemoteCatalog(client, settings, { targets: opts.targets, onPage: progress.page });
    progress.done();
    result.remote = remote;
    const plan = diffCatalog(catalog, remote, { targets: opts.targets });
    plan.warnings.push(...readWarnings(catalog, remote, opts.targets));
    result.plan = plan;
    diagnostics.push(...(await checkCategories(plan, client)));
    const productsInScope = remote.filter((p) => inScope(p, settings.scope)).length;
    diagnostics.push(...checkGuards(plan, catalog, productsInScope, opts));
  } catch (err) {
    progress.done();
    if (!isRemoteError(err)) {
      // A bug: nobody else will close the connection pool, so close it before giving up.
      await client.close();
      throw err;
    }
    diagnostics.push(remoteErrorToDiagnostic(err));
  }
  return result;
}

/** On a terminal, a running count while a large scope is read (stderr only; never in --json output). */
function readProgress(io: CommandIO): { page: (count: number) => void; done: () => void } {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let shown = false;
  return {
    page: (count) => {
      if (!tty) return;
      shown = true;
      io.stderr.write(`\rReading Seller Center: ${count} products`);
    },
    done: () => {
      if (shown) io.stderr.write('\n');
      shown = false;
    },
  };
}

/** Notes about what was read: products awaiting approval, targets that name nothing. */
function readWarnings(catalog: DesiredCatalog, remote: readonly RemoteProduct[], targets: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pending = remote.filter((p) => p.approved === false).length;
  if (pending > 0) {
    out.push({
      severity: 'warning',
      code: 'awaiting-approval',
      summary: `${pending} remote product${pending === 1 ? ' is' : 's are'} waiting for marketplace approval (read with approved=false)`,
    });
  }
  const remoteSkus = new Set(remote.map((p) => p.sku));
  for (const sku of targets) {
    if (!catalog.products.has(sku) && !remoteSkus.has(sku)) {
      out.push({ severity: 'warning', code: 'target-not-found', summary: `--target ${sku} matches no SKU in the catalog or in Seller Center`, sku });
    }
  }
  return out;
}
