/**
 * Saved plans (`plan --out FILE`): the plan, the identity of the repository it was made for,
 * per SKU the fingerprint of the remote record it was planned against, and the base URL of
 * the API it was planned against (a plan made against one Seller Center must not be applied to
 * another). No credentials and no token are ever written. The file is gzipped JSON lines (see
 * plan-file-codec.ts), so `gzip -dc FILE | head -1` shows what a plan is.
 */
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Settings } from '../model/settings.js';
import { VERSION } from '../package-info.js';
import { GZIP_MAGIC, readGzipLineBatches, writeGzipLines } from './plan-file-gzip.js';
import { checkSavedPlanShape, checkStoredChangeShape } from './plan-file-check.js';
import {
  changeLine,
  type PlanFileHeader,
  planFileHeader,
  restoreChange,
  savedPlanOf,
  sourceFileInterner,
  type StoredChange,
} from './plan-file-codec.js';
import type { Plan, ResourceChange } from './types.js';

/**
 * 3: gzipped JSON lines, a change's per-field changes made again on reading (a plan of
 * 100,000 new SKUs: 6 MB instead of 208 MB). 2: the API's base URL is recorded (`api.base_url`);
 * version 1 plans did not say where they were made.
 */
export const SHELF_PLAN_VERSION = 3;

export interface SavedPlan {
  shelf_plan_version: number;
  shelf_version: string;
  created_at: string;
  repository: { root: string; identity: string };
  /** The API the remote records were read from: its base URL (never credentials: they are refused in URLs). */
  api: { base_url: string };
  /** `--target` SKUs the plan was limited to (empty: the whole scope). */
  targets: string[];
  /** Guards the plan was made with lifted (`--allow-price-change` → `price_change`, …); absent: none. */
  allowed?: Allowance[];
  plan: Plan;
}

/** A guard lifted for one run by its `--allow-…` flag. */
export type Allowance = 'destroy' | 'empty' | 'price_change' | 'stock_change';

/** The allowances a plan request carries, in flag order. */
export function allowancesOf(request: {
  allowDestroy?: boolean;
  allowEmpty?: boolean;
  allowPriceChange?: boolean;
  allowStockChange?: boolean;
}): Allowance[] {
  const flags: [boolean | undefined, Allowance][] = [
    [request.allowDestroy, 'destroy'],
    [request.allowEmpty, 'empty'],
    [request.allowPriceChange, 'price_change'],
    [request.allowStockChange, 'stock_change'],
  ];
  return flags.filter(([on]) => on === true).map(([, a]) => a);
}

/**
 * What makes two plans belong to the same repository: where it is and what it owns. A plan
 * made under another scope, prune or protect setting must not be applied here.
 */
export function repositoryIdentity(settings: Settings): string {
  const owned = {
    root: settings.root,
    scope: { sku_prefixes: [...settings.scope.skuPrefixes].sort(), categories: [...settings.scope.categories].sort() },
    prune: settings.prune,
    protect: [...settings.protect].sort(),
  };
  return createHash('sha256').update(JSON.stringify(owned)).digest('hex').slice(0, 32);
}

export interface PlanOrigin {
  settings: Settings;
  /** The API base URL the plan was read from, as the connection resolved it. */
  apiBaseUrl: string;
  /** Guards lifted by flags for the run that made the plan. */
  allowed?: readonly Allowance[];
}

export function toSavedPlan(plan: Plan, origin: PlanOrigin, targets: readonly string[] = [], now = new Date()): SavedPlan {
  const { settings } = origin;
  return {
    shelf_plan_version: SHELF_PLAN_VERSION,
    shelf_version: VERSION,
    created_at: now.toISOString(),
    repository: { root: settings.root, identity: repositoryIdentity(settings) },
    api: { base_url: origin.apiBaseUrl },
    targets: [...targets],
    ...(origin.allowed && origin.allowed.length > 0 ? { allowed: [...origin.allowed] } : {}),
    plan,
  };
}

export async function writePlanFile(
  file: string,
  plan: Plan,
  origin: PlanOrigin,
  targets: readonly string[] = [],
): Promise<void> {
  const path = resolve(file);
  const temporary = `${path}.${process.pid}.tmp`;
  const saved = toSavedPlan(plan, origin, targets);
  function* lines(): Generator<string> {
    yield JSON.stringify(planFileHeader(saved));
    for (const change of plan.changes) yield changeLine(change);
  }
  try {
    await writeGzipLines(temporary, lines(), 0o600);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  await rename(temporary, path);
}

function problem(code: string, summary: string, detail?: string): Diagnostic {
  return { severity: 'error', code, summary, ...(detail ? { detail } : {}) };
}

type ReadResult = { saved?: SavedPlan; diagnostics: Diagnostic[] };

const REPLAN = 'Make the plan again with `shelf plan --out`.';

function versionProblem(file: string, version: unknown): ReadResult {
  return {
    diagnostics: [
      problem(
        'plan-file-version',
        `${file} is a plan of version ${JSON.stringify(version)}; this shelf reads version ${SHELF_PLAN_VERSION}`,
        'Make the plan again with this version of shelf.',
      ),
    ],
  };
}

const notAPlan = (file: string, why = ''): ReadResult => ({
  diagnostics: [problem('plan-file-invalid', `${file} is not a plan file saved by \`shelf plan --out\`${why}`)],
});

const flawed = (file: string, flaw: string): ReadResult => ({
  diagnostics: [problem('plan-file-invalid', `${file} is not a plan as \`shelf plan --out\` writes it: ${flaw}`, REPLAN)],
});

/** The first bytes of the file: gzip's magic number, or the start of an older (plain JSON) plan. */
async function readStart(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(256);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    return start.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * An earlier plan file was one JSON document that began with its version: that is read from
 * its first bytes (not the whole, possibly huge, document), to say which version it is.
 */
function olderPlan(file: string, start: Buffer): ReadResult {
  const version = /^\s*\{\s*"shelf_plan_version"\s*:\s*(-?[\d.]+|"[^"]*"|null|true|false)/.exec(start.toString('utf8'));
  if (!version) return notAPlan(file);
  const number = JSON.parse(version[1]!) as unknown;
  return number === SHELF_PLAN_VERSION ? notAPlan(file, ' (not gzipped)') : versionProblem(file, number);
}

/** Told of a saved plan as it is read: its header (the plan without changes), then each change. */
export interface PlanFileListener {
  header(saved: SavedPlan): void;
  change(change: ResourceChange): void;
}

/**
 * Reads a saved plan; an unreadable, damaged or cut-short file, another format or an unknown
 * version is a diagnostic. With a `listener`, the changes go to it as they are read instead of
 * into the plan returned (which then has none), so a plan of any size is never held whole.
 */
export async function readPlanFile(file: string, listener?: PlanFileListener): Promise<ReadResult> {
  let start: Buffer;
  try {
    start = await readStart(file);
  } catch (err) {
    return { diagnostics: [problem('plan-file-unreadable', `Cannot read the plan file ${file}: ${(err as Error).message}`)] };
  }
  if (start[0] !== GZIP_MAGIC[0] || start[1] !== GZIP_MAGIC[1]) return olderPlan(file, start);
  let saved: SavedPlan | undefined;
  let expected = 0;
  let index = 0;
  const intern = sourceFileInterner();
  try {
    for await (const batch of readGzipLineBatches(file)) {
      for (const line of batch) {
        let data: unknown;
        try {
          data = JSON.parse(line);
        } catch {
          return saved ? flawed(file, `line ${index + 2} is not JSON`) : notAPlan(file, ' (not JSON)');
        }
        if (!saved) {
          const header = data as Partial<PlanFileHeader> | null;
          if (typeof header !== 'object' || header === null || !('shelf_plan_version' in header)) return notAPlan(file);
          if (header.shelf_plan_version !== SHELF_PLAN_VERSION) return versionProblem(file, header.shelf_plan_version);
          const flaw = checkSavedPlanShape(header);
          if (flaw) return flawed(file, flaw);
          saved = savedPlanOf<SavedPlan>(header as PlanFileHeader);
          expected = header.change_count!;
          listener?.header(saved);
          continue;
        }
        const path = `the file.plan.changes[${index}]`;
        const flaw = index >= expected ? `more changes than the ${expected} it announces` : checkStoredChangeShape(data, path);
        if (flaw) return flawed(file, flaw);
        const restored = restoreChange(data as StoredChange, path);
        if ('flaw' in restored) return flawed(file, restored.flaw);
        if (listener) {
          listener.change(restored.change);
        } else {
          if (restored.change.after) intern(restored.change.after);
          saved.plan.changes.push(restored.change);
        }
        index += 1;
      }
    }
  } catch (err) {
    return {
      diagnostics: [problem('plan-file-invalid', `${file} is damaged or cut short (${(err as Error).message})`, REPLAN)],
    };
  }
  if (!saved) return notAPlan(file, ' (empty)');
  if (index < expected) {
    return { diagnostics: [problem('plan-file-invalid', `${file} is cut short: it holds ${index} of its ${expected} changes`, REPLAN)] };
  }
  return { saved, diagnostics: [] };
}

/**
 * Refuses a saved plan made for another repository (or for other scope/prune/protect settings),
 * or against another API than the one this run is pointed at.
 */
export function checkPlanRepository(saved: SavedPlan, settings: Settings, apiBaseUrl: string): Diagnostic[] {
  if (saved.api.base_url !== apiBaseUrl) {
    return [
      problem(
        'plan-other-api',
        `The plan was made against the API at ${saved.api.base_url}, but this run points at ${apiBaseUrl}`,
        'Point SHELF_URL (or --url, or seller_center.url) at the API the plan was made against, or make a new plan against this one.',
      ),
    ];
  }
  if (saved.repository.root !== settings.root) {
    return [
      problem(
        'plan-other-repository',
        `The plan was made for the repository at ${saved.repository.root}, not ${settings.root}`,
        'Make a new plan in this repository.',
      ),
    ];
  }
  if (saved.repository.identity !== repositoryIdentity(settings)) {
    return [
      problem(
        'plan-settings-changed',
        'The repository’s scope, prune or protect settings changed since the plan was made',
        'Make a new plan: the saved one may delete or keep the wrong products.',
      ),
    ];
  }
  return [];
}
