/**
 * What a run may use of the command that started it: the environment (for the token and URL),
 * the interrupt signal, and where warnings and debug traces go. Never the command's streams:
 * what to print is the view's business.
 */
import type { WaitNotice } from '../remote/wait-notice.js';

export interface RunContext {
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: reaches transport retries, quota waits and batch polling. */
  signal?: AbortSignal;
  /** Something odd that does not stop the run (an unknown batch status, …). */
  warn: (message: string) => void;
  /** --debug: one line per HTTP exchange (the token redacted). */
  debug?: (line: string) => void;
  /** Told when the client starts waiting (a quota, a retry): the view shows why and how long. */
  onWait?: (notice: WaitNotice) => void;
}

/** What `plan` and `apply DIR` are asked for, beyond the repository. */
export interface PlanRequest {
  /** --target SKUs (empty: the whole scope). */
  targets: string[];
  /** --url: overrides SHELF_URL and shelf.yaml. */
  url?: string;
  allowDestroy?: boolean;
  allowEmpty?: boolean;
  /** --allow-price-change: lifts guards.price_drop and guards.price_rise for this run. */
  allowPriceChange?: boolean;
  /** --allow-stock-change: lifts guards.stock_zeroed for this run. */
  allowStockChange?: boolean;
  /** --full-read: read the whole scope, whatever the snapshot in `.shelf/` holds. */
  fullRead?: boolean;
}
