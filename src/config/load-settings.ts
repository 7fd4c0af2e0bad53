/** shelf.yaml → Settings, with defaults for everything not written and a diagnostic for every mistake. */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import {
  DEFAULT_FILES,
  DEFAULT_GUARDS,
  DEFAULT_MAX_DESTROY,
  DEFAULT_RATE_LIMITS,
  type MaxDestroy,
  type QuotaResource,
  type RateLimit,
  type Settings,
} from '../model/settings.js';
import type { SourcePos } from '../model/source.js';
import { isInsideRepository } from './find-files.js';
import { applyGuardSettings } from './guard-settings.js';
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
    guards: { ...DEFAULT_GUARDS },
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
  return stringItems(node)?.map((i) => i.value);
}

/** The text items of a list, each with where it is written. */
function stringItems(node: YNode | undefined): { value: string; line: number; col: number }[] | undefined {
  if (node?.kind !== 'seq') return undefined;
  return node.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [{ value: i.value, line: i.line, col: i.col }] : []));
}

/**
 * Glob syntax that `protect` does not know: shelf's SKU globs have only `*` and `?`, so a
 * `[AB]` class or a `{a,b}` choice would silently match nothing but itself.
 */
const UNSUPPORTED_PROTECT_SYNTAX = /[[\]{}\\]/;

export interface LoadedSettings {
  settings: Settings;
  diagnostics: Diagnostic[];
  /** `files:` is written but wrong (already reported): finding no catalog file says nothing more. */
  filesInvalid?: true;
}

export async function loadSettings(dir: string): Promise<LoadedSettings> {
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
  const filesValid = applySettings(checked.root, settings, bad, diagnostics);
  return filesValid ? { settings, diagnostics } : { settings, diagnostics, filesInvalid: true };
}

/** Applies every valid setting; returns false when `files:` is written but wrong. */
function applySettings(doc: YMap, settings: Settings, bad: Set<string>, diagnostics: Diagnostic[]): boolean {
  const file = SETTINGS_FILE;
  const sources = settings.sources;
  const at = (pair: { keyLine: number; keyCol: number }): SourcePos => ({ file, line: pair.keyLine, column: pair.keyCol });
  // Problems with a value are shown at the value, not at its key.
  const atValue = (node: { line: number; col: number }): SourcePos => ({ file, line: node.line, column: node.col });
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
          diagnostics.push({ severity: 'error', code: 'invalid-rate-limit', summary: `Rate limit "${p.value.value}" allows no requests`, detail: 'Write at least 1 request per window, e.g. 10/min.', source: atValue(p.value) });
          continue;
        }
        settings.sellerCenter.rateLimits[p.key as QuotaResource] = limit;
        sources[`seller_center.rate_limits.${p.key}`] = at(p);
      }
    }
  }
  const files = pairOf(doc, 'files');
  const fileGlobs = stringItems(files?.value);
  let filesValid = !files || ok('/files');
  if (files && fileGlobs && ok('/files')) {
    const unsafe = fileGlobs.filter((g) => !isSafeGlob(g.value));
    for (const g of unsafe) {
      diagnostics.push({ severity: 'error', code: 'invalid-glob', summary: `Glob "${g.value}" reaches outside the repository`, detail: 'Catalog files must be inside the directory of shelf.yaml: use a relative path without "..".', source: atValue(g) });
    }
    filesValid = unsafe.length === 0;
    settings.files = fileGlobs.map((g) => g.value);
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
  const globs = stringItems(protect?.value);
  if (protect && globs && ok('/protect')) {
    const unsupported = globs.filter((g) => UNSUPPORTED_PROTECT_SYNTAX.test(g.value));
    for (const g of unsupported) {
      const ch = UNSUPPORTED_PROTECT_SYNTAX.exec(g.value)![0];
      diagnostics.push({
        severity: 'error',
        code: 'invalid-glob',
        summary: `\`protect\` glob ${JSON.stringify(g.value)} uses "${ch}", which SKU globs do not support`,
        detail: 'A protect glob knows only * (any run of characters) and ? (any one character), e.g. "AKN-HERO-*". List each pattern on its own instead of [..] or {..}; for a SKU that holds one of [ ] { } \\, write ? in its place.',
        source: atValue(g),
      });
    }
    // Never a smaller protect list than written: a refused glob fails the run, it is not dropped.
    settings.protect = globs.map((g) => g.value);
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
        source: atValue(md.value),
      });
    }
  }
  diagnostics.push(...applyGuardSettings(doc, (settings.guards ??= { ...DEFAULT_GUARDS }), sources, file, ok));
  return filesValid;
}
