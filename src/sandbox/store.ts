/**
 * The sandbox's data: the seller's products, the marketplace catalog, categories, batches and
 * their files. Time-driven changes (a batch finishing, a product being approved) are applied
 * lazily by `advance(now)`, in the order they would have happened, so no timers are needed and
 * an injected clock drives everything.
 */
import { randomUUID } from 'node:crypto';
import type { BatchKind } from '../remote/types.js';
import type { BatchTiming } from './options.js';
import { applyRecord } from './records.js';
import type { SandboxCategory } from './seed-categories.js';
import { seedCategories } from './seed-categories.js';
import { seedMarketplace } from './seed-marketplace.js';

export interface StoredProduct {
  id: string;
  /** Creation order: listings are sorted by it, so pages are stable. */
  seq: number;
  sku: string;
  name: string;
  base_code: string;
  category: string;
  attributes: Record<string, unknown>;
  images: string[];
  videos: string[];
  product: string | null;
  restrict_for_others: boolean;
  approved: boolean;
  /** When an unapproved product becomes approved. */
  approveAt?: number;
  createdAt: number;
  updatedAt: number;
  /** Normalized decimal strings ("199.90"). */
  price?: string;
  retail_price?: string;
  stock?: number;
  /** The marketplace operator locked the stock: stock writes are refused per record. */
  stockLocked?: boolean;
}

export interface MarketplaceProduct {
  id: string;
  name: string;
  base_code: string;
  sku: string;
  category: string;
  attributes: Record<string, unknown>;
  images: string[];
  videos: string[];
  created_at: string;
  updated_at: string;
}

export type BatchPhase = 'pending' | 'processing' | 'succeeded' | 'partially_succeeded' | 'failed';

export interface StoredBatch {
  id: string;
  seq: number;
  kind: BatchKind;
  items: unknown[];
  createdAt: number;
  startAt: number;
  finishAt: number;
  /** Set once processed. */
  outcome?: { phase: Exclude<BatchPhase, 'pending' | 'processing'>; failed: number };
}

export const REQUEST_FILE = (id: string) => `${id}.json`;
export const SUCCESS_FILE = (id: string) => `${id}-s.json`;
export const ERROR_FILE = (id: string) => `${id}-e.json`;

export class SandboxStore {
  products = new Map<string, StoredProduct>();
  marketplace: MarketplaceProduct[] = [];
  categories: SandboxCategory[] = [];
  batches = new Map<string, StoredBatch>();
  files = new Map<string, unknown[]>();
  private nextSeq = 1;

  constructor(
    private readonly timing: BatchTiming,
    private readonly approvalDelayMs: number,
  ) {
    this.clear();
  }

  /** Back to the seed: categories and marketplace catalog, no products, batches or files. */
  clear(): void {
    this.products.clear();
    this.batches.clear();
    this.files.clear();
    this.categories = seedCategories();
    this.marketplace = seedMarketplace();
    this.nextSeq = 1;
  }

  seq(): number {
    return this.nextSeq++;
  }

  category(id: string): SandboxCategory | undefined {
    return this.categories.find((c) => c.id === id);
  }

  isLeaf(id: string): boolean {
    return !this.categories.some((c) => c.parent === id);
  }

  /** Queues a write; it is processed when the clock passes its finish time. */
  createBatch(kind: BatchKind, items: unknown[], now: number): StoredBatch {
    const id = randomUUID();
    const startAt = now + this.timing.queuedMs;
    const batch: StoredBatch = {
      id,
      seq: this.seq(),
      kind,
      items,
      createdAt: now,
      startAt,
      finishAt: startAt + this.timing.baseMs + this.timing.perItemMs * items.length,
    };
    this.batches.set(id, batch);
    this.files.set(REQUEST_FILE(id), items);
    return batch;
  }

  /** A new product waits this long for marketplace approval. */
  approvalTime(now: number): number {
    return now + this.approvalDelayMs;
  }

  /** Applies everything due by `now`: batches in finish order, approvals in between. */
  advance(now: number): void {
    const due = [...this.batches.values()]
      .filter((b) => !b.outcome && b.finishAt <= now)
      .sort((a, b) => a.finishAt - b.finishAt || a.seq - b.seq);
    for (const batch of due) {
      this.approveDue(batch.finishAt);
      this.process(batch);
    }
    this.approveDue(now);
  }

  phase(batch: StoredBatch, now: number): BatchPhase {
    if (batch.outcome) return batch.outcome.phase;
    return now >= batch.startAt ? 'processing' : 'pending';
  }

  private approveDue(time: number): void {
    for (const p of this.products.values()) {
      if (!p.approved && p.approveAt !== undefined && p.approveAt <= time) {
        p.approved = true;
        p.updatedAt = Math.max(p.updatedAt, p.approveAt);
        p.approveAt = undefined;
      }
    }
  }

  private process(batch: StoredBatch): void {
    const succeeded: unknown[] = [];
    const failed: unknown[] = [];
    for (const item of batch.items) {
      const errors = applyRecord(this, batch.kind, item, batch.finishAt);
      if (errors.length === 0) succeeded.push(item);
      else failed.push({ ...(typeof item === 'object' && item !== null ? item : { value: item }), errors });
    }
    this.files.set(SUCCESS_FILE(batch.id), succeeded);
    this.files.set(ERROR_FILE(batch.id), failed);
    const phase = failed.length === 0 ? 'succeeded' : succeeded.length === 0 ? 'failed' : 'partially_succeeded';
    batch.outcome = { phase, failed: failed.length };
  }
}
