/**
 * A plan made with guards lifted (`--allow-price-change`, …) says so before anything else, in
 * every rendering a reviewer sees: `show`, the pull-request comment, the plan itself.
 */
import type { Allowance } from '../plan/plan-file.js';

const LIFTED: Record<Allowance, string> = {
  destroy: '`--allow-destroy` (deletions beyond max_destroy)',
  empty: '`--allow-empty` (an empty catalog prunes the scope)',
  price_change: '`--allow-price-change` (prices cut or raised beyond guards.price_drop / price_rise)',
  stock_change: '`--allow-stock-change` (stocks zeroed beyond guards.stock_zeroed)',
};

/** One sentence naming each lifted guard; empty when none was. */
function sentence(allowed: readonly Allowance[]): string {
  return `Guards lifted: this plan was made with ${allowed.map((a) => LIFTED[a]).join(', ')}; what they would refuse is applied as planned.`;
}

export function allowanceHuman(allowed: readonly Allowance[] | undefined): string {
  if (!allowed || allowed.length === 0) return '';
  const text = sentence(allowed).replace(/`/g, '');
  const rule = '!'.repeat(12);
  return `${rule}\nWARNING: ${text}\n${rule}\n\n`;
}

export function allowanceMarkdown(allowed: readonly Allowance[] | undefined): string[] {
  if (!allowed || allowed.length === 0) return [];
  return ['> [!CAUTION]', `> **${sentence(allowed)}**`, ''];
}
