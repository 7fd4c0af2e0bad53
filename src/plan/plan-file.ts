/**
 * Saved plans (`plan --out FILE`): versioned JSON holding the plan, the identity of the
 * repository it was made for, and per SKU the fingerprint of the remote record it was planned
 * against, and the base URL of the API it was planned against (a plan made against one Seller
 * Center must not be applied to another). No credentials and no token are ever written.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Settings } from '../model/settings.js';
import { VERSION } from '../package-info.js';
import { checkSavedPlanShape } from './plan-file-check.js';
import type { Plan } from './types.js';

/** 2: the API's base URL is recorded (`api.base_url`); version 1 plans did not say where they were made. */
export const SHELF_PLAN_VERSION = 2;

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
  await writeFile(temporary, `${JSON.stringify(toSavedPlan(plan, origin, targets))}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

function problem(code: string, summary: string, detail?: string): Diagnostic {
  return { severity: 'error', code, summary, ...(detail ? { detail } : {}) };
}

/** Reads a saved plan; an unreadable file, another format or an unknown version is a diagnostic. */
export async function readPlanFile(file: string): Promise<{ saved?: SavedPlan; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { diagnostics: [problem('plan-file-unreadable', `Cannot read the plan file ${file}: ${(err as Error).message}`)] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { diagnostics: [problem('plan-file-invalid', `${file} is not a plan file saved by \`shelf plan --out\` (not JSON)`)] };
  }
  const saved = data as Partial<SavedPlan> | null;
  if (typeof saved !== 'object' || saved === null || !('shelf_plan_version' in saved)) {
    return { diagnostics: [problem('plan-file-invalid', `${file} is not a plan file saved by \`shelf plan --out\``)] };
  }
  if (saved.shelf_plan_version !== SHELF_PLAN_VERSION) {
    return {
      diagnostics: [
        problem(
          'plan-file-version',
          `${file} is a plan of version ${JSON.stringify(saved.shelf_plan_version)}; this shelf reads version ${SHELF_PLAN_VERSION}`,
          'Make the plan again with this version of shelf.',
        ),
      ],
    };
  }
  const plan = saved.plan;
  if (!saved.repository || typeof saved.api?.base_url !== 'string' || !plan || !Array.isArray(plan.changes) || !plan.summary) {
    return { diagnostics: [problem('plan-file-invalid', `${file} is an incomplete plan file`)] };
  }
  const flaw = checkSavedPlanShape(saved);
  if (flaw) {
    return {
      diagnostics: [
        problem('plan-file-invalid', `${file} is not a plan as \`shelf plan --out\` writes it: ${flaw}`, 'Make the plan again with `shelf plan --out`.'),
      ],
    };
  }
  return { saved: saved as SavedPlan, diagnostics: [] };
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
