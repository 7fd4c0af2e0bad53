/**
 * A scripted SellerCenterClient for scheduler tests: records every submit and its order,
 * finishes batches after a scripted delay (in scaled time: plain timers of a few ms), and
 * rejects the records a rule names.
 */
import type {
  BatchKind,
  BatchResult,
  BatchStatus,
  RequestCounters,
  SellerCenterClient,
} from '../../src/remote/types.js';

export interface FakeSubmit {
  kind: BatchKind;
  skus: string[];
  items: Record<string, unknown>[];
  batchId: string;
  /** Sequence number among all events (submits and finishes). */
  seq: number;
}

export interface FakeOptions {
  /** Which records a batch rejects, with the message. */
  reject?: (kind: BatchKind, item: Record<string, unknown>) => string | undefined;
  /** Milliseconds a batch takes (default 5). */
  batchMs?: (kind: BatchKind, size: number) => number;
  /** Make submit throw for this kind (`n`: how many submits came before, of any kind). */
  submitError?: (kind: BatchKind, n: number) => Error | undefined;
  /** Replace the outcome of a batch (a `gone` or `unknown` one, say). */
  waitResult?: (batchId: string, kind: BatchKind, skus: string[]) => Partial<BatchResult> | undefined;
}

export function createFakeClient(opts: FakeOptions = {}) {
  const submits: FakeSubmit[] = [];
  const finished: { batchId: string; kind: BatchKind; seq: number }[] = [];
  let seq = 0;
  let nextId = 1;
  const batches = new Map<string, { kind: BatchKind; items: Record<string, unknown>[] }>();
  const client: SellerCenterClient = {
    async *listProducts() {},
    async submit(kind: BatchKind, items: { sku: string }[]): Promise<string> {
      const err = opts.submitError?.(kind, submits.length);
      if (err) throw err;
      const batchId = `batch-${nextId++}`;
      const copy = items.map((i) => ({ ...i }) as Record<string, unknown>);
      batches.set(batchId, { kind, items: copy });
      submits.push({ kind, skus: items.map((i) => i.sku), items: copy, batchId, seq: seq++ });
      return batchId;
    },
    async getBatch(id: string): Promise<BatchStatus> {
      return { id, state: 'succeeded', rawStatus: 'succeeded' };
    },
    async waitForBatch(id, kind, skus, o): Promise<BatchResult> {
      const batch = batches.get(id)!;
      await new Promise<void>((resolve, reject) => {
        if (o?.signal?.aborted) return reject(o.signal.reason);
        const t = setTimeout(resolve, opts.batchMs?.(kind, skus.length) ?? 5);
        o?.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(o.signal!.reason);
        });
      });
      const failures = batch.items.flatMap((item) => {
        const message = opts.reject?.(kind, item);
        return message ? [{ sku: String(item.sku), messages: [message], record: item }] : [];
      });
      finished.push({ batchId: id, kind, seq: seq++ });
      const scripted = opts.waitResult?.(id, kind, skus);
      if (scripted) return { id, kind, skus, state: 'unknown', failures: [], ...scripted };
      const state = failures.length === 0 ? 'succeeded' : failures.length === skus.length ? 'failed' : 'partially_succeeded';
      return { id, kind, state, skus, failures };
    },
    async categories() {
      return [];
    },
    async categoryAttributes() {
      return [];
    },
    async searchCatalog() {
      return { products: [], count: 0, pages: 1 };
    },
    async languages() {
      return ['en-us'];
    },
    counters(): RequestCounters {
      return { requests: { products: submits.length * 2, categories: 0, packages: 0, claims: 0, other: 0 }, throttled: 0, retried: 0 };
    },
    async close() {},
  } as SellerCenterClient;
  return { client, submits, finished };
}
