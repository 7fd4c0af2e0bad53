/** shelf.yaml → Settings, with defaults for everything not written and a diagnostic for every mistake. */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import {
  DEFAULT_FILES,
  DEFAULT_MAX_DESTROY,
  DEFAULT_RATE_LIMITS,
  type MaxDestroy,
  type QuotaResource,
  type RateLimit,
  type Settings,
} from '../model/settings.js';
import type { SourcePos } from '../model/source.js';
import { isInsideRepository } from './find-files.js';
import { isSafeGlob } from './globs.js';
import { LIMITS } from './limits.js';
import { readAndCheck } from './parse-file.js';
import { linkOutsideRepository } from './path-problems.js';
import { pairOf, type YMap, type YNode } from './yaml/tree.js';

export const SETTINGS_FILE = 'shelf.yaml';

export function defaultSettings(root: string): Settings {
  return {
    root,
    sellerCenter: { rateLimits: { ...DEFAULT_RATE_LIMITS } },
    files: [...DEFAULT_FILES],
    prune: false,
    scope: { skuPrefixes: [], categories: [] },
    protect: [],
    maxDestroy: { ...DEFAULT_MAX_DESTROY },
    sources: {},
  };
}

/** `10/min`, `5/s`, `10/600ms` → a quota; undefined when the text is none of these. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^\s*(\d+)\s*\/\s*(?:(min)|(s)|(\d+)\s*ms)\s*$/.exec(text);
  if (!m) return undefined;
  const requests = Number(m[1]);
  const windowMs = m[2] ? 60_000 : m[3] ? 1_000 : Number(m[4]);
  if (requests < 1 || windowMs < 1) return undefined;
  return { requests, windowMs };
}

/** `10%`, `25` or `"25"` (quoted, as a stock may be) → the max_destroy guard. */
export function parseMaxDestroy(value: unknown): MaxDestroy | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { kind: 'count', value };
  if (typeof value === 'string') {
    if (/^[0-9]+$/.test(value)) {
      const count = Number(value);
      return Number.isSafeInteger(count) ? { kind: 'count', value: count } : undefined;
    }
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (m && Number(m[1]) <= 100) return { kind: 'percent', value: Number(m[1]) };
  }
  return undefined;
}

function strings(node: YNode | undefined): string[] | undefined {
  if (node?.kind !== 'seq') return undefined;
  return node.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
}

export async function loadSettings(dir: string): Promise<{ settings: Settings; diagnostics: Diagnostic[] }> {
  const root = resolve(dir);
  const settings = defaultSettings(root);
  const diagnostics: Diagnostic[] = [];
  const path = join(root, SETTINGS_FILE);
  const info = await stat(path).catch(() => undefined);
  if (!info) return { settings, diagnostics };
  const file = SETTINGS_FILE;
  // As for catalog files: a shelf.yaml linked from outside (a token file, say) is never read.
  if (!(await isInsideRepository(root, path))) {
    diagnostics.push(linkOutsideRepository(file));
    return { settings, diagnostics };
  }
  if (info.size > LIMITS.maxFileBytes) {
    diagnostics.push({ severity: 'error', code: 'file-too-large', summary: `${file} is larger than ${LIMITS.maxFileBytes} bytes`, source: { file, line: 1, column: 1 } });
    return { settings, diagnostics };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    diagnostics.push({ severity: 'error', code: 'file-unreadable', summary: `${file} cannot be read (${reason})`, source: { file, line: 1, column: 1 } });
    return { settings, diagnostics };
  }
  const checked = readAndCheck(bytes, file, 'shelf');
  diagnostics.push(...checked.diagnostics);
  if (checked.root?.kind !== 'map') return { settings, diagnostics };
  const bad = new Set(checked.badPointers);
  applySettings(checked.root, settings, bad, diagnostics);
  return { settings, diagnostics };
}

function applySettings(doc: YMap, settings: Settings, bad: Set<string>, diagnostics: Diagnostic[]): void {
  const file = SETTINGS_FILE;
  const sources = settings.sources;
  const at = (pair: { keyLine: number; keyCol: number }): SourcePos => ({ file, line: pair.keyLine, column: pair.keyCol });
  const ok = (pointer: string) => ![...bad].some((b) => b === pointer || b.startsWith(`${pointer}/`));

  const sc = pairOf(doc, 'seller_center');
  if (sc?.value.kind === 'map') {
    for (const key of ['url', 'language'] as const) {
      const p = pairOf(sc.value, key);
      if (p?.value.kind === 'scalar' && typeof p.value.value === 'string' && ok(`/seller_center/${key}`)) {
        settings.sellerCenter[key] = p.value.value;
        sources[`seller_center.${key}`] = at(p);
      }
    }
    const rl = pairOf(sc.value, 'rate_limits');
    if (rl?.value.kind === 'map') {
      for (const p of rl.value.pairs) {
        if (p.value.kind !== 'scalar' || typeof p.value.value !== 'string' || !ok(`/seller_center/rate_limits/${p.key}`)) continue;
        const limit = parseRateLimit(p.value.value);
        if (!limit) {
          diagnostics.push({ severity: 'error', code: 'invalid-rate-limit', summary: `Rate limit "${p.value.value}" allows no requests`, detail: 'Write at least 1 request per window, e.g. 10/min.', source: at(p) });
          continue;
        }
        settings.sellerCenter.rateLimits[p.key as QuotaResource] = limit;
        sources[`seller_center.rate_limits.${p.key}`] = at(p);
      }
    }
  }
  const files = pairOf(doc, 'files');
  const fileGlobs = strings(files?.value);
  if (files && fileGlobs && ok('/files')) {
    const unsafe = fileGlobs.filter((g) => !isSafeGlob(g));
    for (const g of unsafe) {
      diagnostics.push({ severity: 'error', code: 'invalid-glob', summary: `Glob "${g}" reaches outside the repository`, detail: 'Catalog files must be inside the directory of shelf.yaml: use a relative path without "..".', source: at(files) });
    }
    settings.files = fileGlobs;
    sources.files = at(files);
  }
  const prune = pairOf(doc, 'prune');
  if (prune?.value.kind === 'scalar' && typeof prune.value.value === 'boolean') {
    settings.prune = prune.value.value;
    sources.prune = at(prune);
  }
  const scope = pairOf(doc, 'scope');
  if (scope?.value.kind === 'map') {
    const prefixes = pairOf(scope.value, 'sku_prefixes');
    const list = strings(prefixes?.value);
    if (prefixes && list && ok('/scope/sku_prefixes')) {
      settings.scope.skuPrefixes = list;
      sources['scope.sku_prefixes'] = at(prefixes);
    }
    const cats = pairOf(scope.value, 'categories');
    const catList = strings(cats?.value);
    if (cats && catList && ok('/scope/categories')) {
      settings.scope.categories = catList.map((c) => c.toLowerCase());
      sources['scope.categories'] = at(cats);
    }
  }
  const protect = pairOf(doc, 'protect');
  const globs = strings(protect?.value);
  if (protect && globs && ok('/protect')) {
    settings.protect = globs;
    sources.protect = at(protect);
  }
  const md = pairOf(doc, 'max_destroy');
  if (md?.value.kind === 'scalar' && ok('/max_destroy')) {
    const parsed = parseMaxDestroy(md.value.value);
    if (parsed) {
      settings.maxDestroy = parsed;
      sources.max_destroy = at(md);
    } else {
      diagnostics.push({
        severity: 'error',
        code: 'invalid-max-destroy',
        summary: `\`max_destroy\` must be a count or a percentage up to 100%, not ${String(md.value.value)}`,
        detail: 'Write a number of products (e.g. 25) or a percentage (e.g. "10%").',
        source: at(md),
      });
    }
  }
}
