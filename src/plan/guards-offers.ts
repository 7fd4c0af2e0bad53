/**
 * The price and stock guards: a price typed as 1.99 instead of 19.90, or an ERP export that
 * zeroes every stock, fails the plan before anything is written. Each refusal names every SKU
 * with its old and new value and the change in percent, and says how to go ahead.
 */
import { type Decimal, parseDecimal } from '../model/decimal.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RemoteProduct } from '../model/product.js';
import { DEFAULT_GUARDS, type GuardLimits, type Settings, STOCK_GUARD_MIN_ZEROED } from '../model/settings.js';
import type { SourcePos } from '../model/source.js';
import type { FieldChange, Plan, ResourceChange } from './types.js';

export interface OfferGuardOptions {
  allowPriceChange?: boolean;
  allowStockChange?: boolean;
}

const PRICE_FIELDS = new Set(['price', 'retail_price']);

/** A price change the guards refuse: `percent` is the size of the cut or the rise. */
export interface PriceJump {
  sku: string;
  field: string;
  before: Decimal;
  after: Decimal;
  direction: 'drop' | 'rise';
  percent: number;
  source?: SourcePos;
}

function scaled(d: Decimal, scale: number): bigint {
  const negative = d.startsWith('-');
  const [i = '0', f = ''] = (negative ? d.slice(1) : d).split('.');
  const value = BigInt(`${i}${f.padEnd(scale, '0').slice(0, scale)}`);
  return negative ? -value : value;
}

const fracDigits = (d: Decimal) => (d.split('.')[1] ?? '').length;

/**
 * Is `part` more than `limit` percent of `whole`? Exact: part * 100 > limit * whole, in
 * integers, so a cut of exactly 50% passes a 50% guard.
 */
function overPercent(part: Decimal, whole: Decimal, limit: number): boolean {
  const limitDec = parseDecimal(String(limit)) ?? (String(limit) as Decimal);
  const scale = Math.max(fracDigits(part), fracDigits(whole), fracDigits(limitDec));
  return scaled(part, scale) * 100n * 10n ** BigInt(scale) > scaled(limitDec, scale) * scaled(whole, scale);
}

function subtract(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(fracDigits(a), fracDigits(b));
  const diff = scaled(a, scale) - scaled(b, scale);
  const negative = diff < 0n;
  const digits = (negative ? -diff : diff).toString().padStart(scale + 1, '0');
  const text = `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return parseDecimal(text) as Decimal;
}

const isDecimal = (v: unknown): v is Decimal => typeof v === 'string' && parseDecimal(v) === v;
const positive = (d: Decimal) => !d.startsWith('-') && !/^0\.0+$/.test(d);

/** Every price or retail price of an update that moves by more than the guards allow. */
export function priceJumps(plan: Plan, limits: GuardLimits): PriceJump[] {
  const jumps: PriceJump[] = [];
  for (const c of plan.changes) {
    if (c.action !== 'update') continue;
    for (const f of c.fields) {
      const jump = PRICE_FIELDS.has(f.path) ? priceJump(c, f, limits) : undefined;
      if (jump) jumps.push(jump);
    }
  }
  return jumps;
}

function priceJump(c: ResourceChange, f: FieldChange, limits: GuardLimits): PriceJump | undefined {
  const { before, after } = f;
  // A value the API did not return has nothing to compare with; a remote 0 has no ratio.
  if (!isDecimal(before) || !isDecimal(after) || !positive(before)) return undefined;
  const cut = subtract(before, after);
  const drop = positive(cut);
  const moved = drop ? cut : subtract(after, before);
  if (!positive(moved) || !overPercent(moved, before, drop ? limits.priceDrop : limits.priceRise)) return undefined;
  const percent = (Number(moved) / Number(before)) * 100;
  return { sku: c.sku, field: f.path, before, after, direction: drop ? 'drop' : 'rise', percent, ...(f.source ? { source: f.source } : {}) };
}

/** `90%`, `12.5%`, `899.9%`: one decimal at most. */
export function formatPercent(p: number): string {
  const one = Math.round(p * 10) / 10;
  return `${Number.isInteger(one) ? one.toFixed(0) : one.toFixed(1)}%`;
}

function jumpLine(j: PriceJump): string {
  const sign = j.direction === 'drop' ? '-' : '+';
  return `${j.field} ${j.before} → ${j.after} (${sign}${formatPercent(j.percent)})`;
}

export interface StockZeroing {
  /** In-stock SKUs in scope (remote stock above 0). */
  inStock: number;
  zeroed: { sku: string; before: number; source?: SourcePos }[];
}

/** Updates that set a remote stock above 0 to 0 (deletions are max_destroy's business). */
export function stockZeroing(plan: Plan, remoteInScope: readonly RemoteProduct[]): StockZeroing {
  const inStock = remoteInScope.filter((r) => typeof r.stock === 'number' && r.stock > 0).length;
  const zeroed: StockZeroing['zeroed'] = [];
  for (const c of plan.changes) {
    if (c.action !== 'update') continue;
    const f = c.fields.find((x) => x.path === 'stock');
    if (f && typeof f.before === 'number' && f.before > 0 && f.after === 0) {
      zeroed.push({ sku: c.sku, before: f.before, ...(f.source ? { source: f.source } : {}) });
    }
  }
  return { inStock, zeroed };
}

export function stockGuardTripped(z: StockZeroing, limit: number): boolean {
  if (z.zeroed.length < STOCK_GUARD_MIN_ZEROED || z.inStock === 0) return false;
  return z.zeroed.length * 100 > limit * z.inStock;
}

/**
 * The price and stock guards. Over a guard: an error per SKU for prices (each on its price's
 * line, where a CI annotation shows it) and one error for the stocks, listing every SKU. Lifted
 * by a flag: one warning per guard, so the log still says what went through.
 */
export function checkOfferGuards(
  plan: Plan,
  settings: Settings,
  remoteInScope: readonly RemoteProduct[],
  opts: OfferGuardOptions,
): Diagnostic[] {
  const limits = settings.guards ?? DEFAULT_GUARDS;
  return [...priceDiagnostics(priceJumps(plan, limits), limits, settings, opts), ...stockDiagnostics(plan, remoteInScope, limits, settings, opts)];
}

function priceDiagnostics(jumps: PriceJump[], limits: GuardLimits, settings: Settings, opts: OfferGuardOptions): Diagnostic[] {
  if (jumps.length === 0) return [];
  if (opts.allowPriceChange) {
    return [
      {
        severity: 'warning',
        code: 'price-guard-lifted',
        summary: `--allow-price-change: ${jumps.length} price change${jumps.length === 1 ? '' : 's'} over the price guards go${jumps.length === 1 ? 'es' : ''} ahead`,
        // One line: diagnostics are rendered with catalog text made printable, line breaks included.
        detail: jumps.map((j) => `${j.sku}: ${jumpLine(j)}`).join('; '),
      },
    ];
  }
  return jumps.map((j) => {
    const key = j.direction === 'drop' ? 'price_drop' : 'price_rise';
    const limit = j.direction === 'drop' ? limits.priceDrop : limits.priceRise;
    const setting = settings.sources[`guards.${key}`];
    return {
      severity: 'error',
      code: j.direction === 'drop' ? 'price-drop-guard' : 'price-rise-guard',
      summary: `${j.sku}: ${jumpLine(j)} is over guards.${key} ${formatPercent(limit)}`,
      detail:
        `Check the price (a misplaced decimal point?). If it is right, run again with --allow-price-change, ` +
        `or change guards.${key} in shelf.yaml${setting ? ` (${setting.file}:${setting.line})` : ''}. Nothing was written.`,
      sku: j.sku,
      ...(j.source ? { source: j.source } : {}),
    };
  });
}

function stockDiagnostics(
  plan: Plan,
  remoteInScope: readonly RemoteProduct[],
  limits: GuardLimits,
  settings: Settings,
  opts: OfferGuardOptions,
): Diagnostic[] {
  const z = stockZeroing(plan, remoteInScope);
  if (!stockGuardTripped(z, limits.stockZeroed)) return [];
  const n = z.zeroed.length;
  const share = formatPercent((n / z.inStock) * 100);
  const list = `Set to 0: ${z.zeroed.map((s) => `${s.sku} (stock ${s.before} → 0)`).join(', ')}.`;
  if (opts.allowStockChange) {
    return [{ severity: 'warning', code: 'stock-guard-lifted', summary: `--allow-stock-change: ${n} of ${z.inStock} in-stock SKUs (${share}) set to stock 0 go ahead`, detail: list }];
  }
  const setting = settings.sources['guards.stock_zeroed'];
  const first = z.zeroed.find((s) => s.source)?.source ?? setting;
  return [
    {
      severity: 'error',
      code: 'stock-zeroed-guard',
      summary: `The plan sets ${n} of ${z.inStock} in-stock SKUs to stock 0 (${share}), over guards.stock_zeroed ${formatPercent(limits.stockZeroed)}`,
      detail:
        `${list} A broken stock export zeroes every stock: check the feed. If these SKUs really are sold out, run again with ` +
        `--allow-stock-change, or change guards.stock_zeroed in shelf.yaml${setting ? ` (${setting.file}:${setting.line})` : ''}. Nothing was written.`,
      ...(first ? { source: first } : {}),
    },
  ];
}
