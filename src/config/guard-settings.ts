/**
 * `guards:` in shelf.yaml: each a percentage. A value that is not one is an error at its line,
 * never silently the default: a guard the user meant to tighten must not quietly stay loose.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { GuardLimits } from '../model/settings.js';
import type { SourcePos } from '../model/source.js';
import { pairOf, type YMap } from './yaml/tree.js';

const GUARDS: { key: string; field: keyof GuardLimits; max?: number; rule: string }[] = [
  { key: 'price_drop', field: 'priceDrop', max: 100, rule: 'a percentage from 0% to 100% (a cut of 100% is a price of 0)' },
  { key: 'price_rise', field: 'priceRise', rule: 'a positive percentage (100% = doubled; 900% = ten times)' },
  { key: 'stock_zeroed', field: 'stockZeroed', max: 100, rule: 'a percentage from 0% to 100% of the in-stock SKUs in scope' },
];

const EXAMPLE: Record<string, string> = { price_drop: '50%', price_rise: '100%', stock_zeroed: '25%' };

/** `"50%"` → 50; undefined for anything else (a bare number is ambiguous: 0.5 or 50%?). */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * Applies the valid guard values of `guards:` to `limits`; returns a diagnostic for each wrong
 * one. `ok(pointer)` is false where the schema has already reported a problem.
 */
export function applyGuardSettings(
  doc: YMap,
  limits: GuardLimits,
  sources: Record<string, SourcePos>,
  file: string,
  ok: (pointer: string) => boolean,
): Diagnostic[] {
  const guards = pairOf(doc, 'guards');
  if (guards?.value.kind !== 'map' || !ok('/guards')) return [];
  const diagnostics: Diagnostic[] = [];
  for (const g of GUARDS) {
    const p = pairOf(guards.value, g.key);
    if (!p || !ok(`/guards/${g.key}`)) continue;
    const node = p.value;
    const value = node.kind === 'scalar' ? parsePercent(node.value) : undefined;
    const inRange = value !== undefined && (g.max === undefined ? value > 0 : value <= g.max);
    if (value !== undefined && inRange) {
      limits[g.field] = value;
      sources[`guards.${g.key}`] = { file, line: p.keyLine, column: p.keyCol };
      continue;
    }
    const written = node.kind === 'scalar' ? (node.raw ?? JSON.stringify(node.value)) : `a ${node.kind === 'map' ? 'mapping' : 'list'}`;
    diagnostics.push({
      severity: 'error',
      code: 'invalid-guard',
      summary: `\`guards.${g.key}\` must be ${g.rule}, not ${written}`,
      detail: `Write a percentage in quotes or plain, e.g. ${g.key}: ${EXAMPLE[g.key]}.`,
      source: { file, line: node.line, column: node.col },
    });
  }
  return diagnostics;
}
