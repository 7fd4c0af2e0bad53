/**
 * The flags `plan` and `apply` share, as commander gives them, and the one PlanRequest the
 * pipeline takes from them.
 */
import type { PlanRequest } from '../pipeline/context.js';

export interface PlanFlags {
  /** --target, repeatable. */
  target: string[];
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
  allowPriceChange?: boolean;
  allowStockChange?: boolean;
  fullRead?: boolean;
}

export function planRequestOf(flags: PlanFlags): PlanRequest {
  return {
    targets: flags.target ?? [],
    ...(flags.url ? { url: flags.url } : {}),
    ...(flags.allowDestroy ? { allowDestroy: true } : {}),
    ...(flags.allowEmpty ? { allowEmpty: true } : {}),
    ...(flags.allowPriceChange ? { allowPriceChange: true } : {}),
    ...(flags.allowStockChange ? { allowStockChange: true } : {}),
    ...(flags.fullRead ? { fullRead: true } : {}),
  };
}
