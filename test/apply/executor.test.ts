import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplyEvents } from '../../src/apply/events.js';
import { executeOperations } from '../../src/apply/executor.js';
import { Journal, readJournalBacklog } from '../../src/apply/journal.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import type { ApplyOperations, OfferOp, ProductOp } from '../../src/plan/writes/types.js';
import type { Decimal } from '../../src/model/decimal.js';
import { createFakeClient } from './fake-client.js';

const product = (sku: string, action: 'create' | 'update' = 'create'): ProductOp => ({
  sku,
  action,
  body: { sku, name: sku, base_code: 'B', category: 'c', attributes: {} },
});
const offer = (sku: string, afterCreate: boolean, stock = 1): OfferOp => ({
  sku,
  afterCreate,
  write: { sku, price: '10.00' as Decimal, stock },
  managed: { sku, price: '10.00' as Decimal, stock },
});
const skus = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function collect(events: ApplyEvents): ApplyEvent[] {
  const seen: ApplyEvent[] = [];
  events.on((e) => seen.push(e));
  return seen;
}

describe('executeOperations', () => {
  it('sends offers of new SKUs only after their product batch succeeded, deletes last', async () => {
    const fake = createFakeClient();
    const ops: ApplyOperations = {
      products: skus('N', 3).map((s) => product(s)),
      offers: [...skus('N', 3).map((s) => offer(s, true)), offer('OLD-1', false)],
      deletes: [{ sku: 'GONE-1' }],
    };
    const events = new ApplyEvents();
    const result = await executeOperations({ client: fake.client, operations: ops, events });
    expect(result.errors).toEqual([]);
    const kinds = fake.submits.map((s) => s.kind);
    expect(kinds[kinds.length - 1]).toBe('delete');
    const productFinish = fake.finished.find((f) => f.kind === 'products')!;
    const offerOfNew = fake.submits.find((s) => s.kind === 'prices-and-stocks' && s.skus.includes('N-0'))!;
    expect(offerOfNew.seq).toBeGreaterThan(productFinish.seq);
    const deleteSubmit = fake.submits.find((s) => s.kind === 'delete')!;
    expect(Math.max(...fake.finished.filter((f) => f.kind !== 'delete').map((f) => f.seq))).toBeLessThan(deleteSubmit.seq);
    expect([...result.succeeded.get('products')!]).toEqual(skus('N', 3));
  });

  it('starts an offer of an existing SKU at once when that costs no extra request', async () => {
    const fake = createFakeClient({ batchMs: (kind) => (kind === 'products' ? 30 : 1) });
    const ops: ApplyOperations = {
      products: skus('N', 10).map((s) => product(s)),
      offers: [...skus('N', 10).map((s) => offer(s, true)), ...skus('OLD', 5).map((s) => offer(s, false))],
      deletes: [],
    };
    await executeOperations({ client: fake.client, operations: ops, events: new ApplyEvents(), chunkSize: 10 });
    // 10 new + 5 existing offers need 2 requests of 10 however they are grouped, so the
    // existing ones go out before the products finish.
    const first = fake.submits.filter((s) => s.kind === 'prices-and-stocks')[0]!;
    expect(first.skus).toEqual(skus('OLD', 5));
    expect(first.seq).toBeLessThan(fake.finished.find((f) => f.kind === 'products')!.seq);
  });

  it('holds an offer of an existing SKU back when sending it alone would cost a request', async () => {
    const fake = createFakeClient();
    const ops: ApplyOperations = {
      products: skus('N', 5).map((s) => product(s)),
      offers: [...skus('N', 5).map((s) => offer(s, true)), ...skus('OLD', 3).map((s) => offer(s, false))],
      deletes: [],
    };
    await executeOperations({ client: fake.client, operations: ops, events: new ApplyEvents(), chunkSize: 10 });
    const offerSubmits = fake.submits.filter((s) => s.kind === 'prices-and-stocks');
    expect(offerSubmits).toHaveLength(1);
    expect(offerSubmits[0]!.skus.sort()).toEqual([...skus('N', 5), ...skus('OLD', 3)].sort());
  });

  it('uses the minimum number of chunks of at most the chunk size', async () => {
    const fake = createFakeClient();
    const news = skus('N', 2500);
    const ops: ApplyOperations = {
      products: news.map((s) => product(s)),
      offers: news.map((s) => offer(s, true)),
      deletes: skus('D', 1001).map((sku) => ({ sku })),
    };
    await executeOperations({ client: fake.client, operations: ops, events: new ApplyEvents() });
    const count = (k: string) => fake.submits.filter((s) => s.kind === k).length;
    expect(count('products')).toBe(3);
    expect(count('prices-and-stocks')).toBe(3);
    expect(count('delete')).toBe(2);
    expect(Math.max(...fake.submits.map((s) => s.skus.length))).toBe(1000);
    const offered = fake.submits.filter((s) => s.kind === 'prices-and-stocks').flatMap((s) => s.skus);
    expect(new Set(offered).size).toBe(2500);
  });

  it('skips the offer of a product the API rejected, with the reason, and reports the record', async () => {
    const fake = createFakeClient({
      reject: (kind, item) => (kind === 'products' && item.sku === 'N-1' ? 'attributes.COLOR: "Teal" is not allowed' : undefined),
    });
    const events = new ApplyEvents();
    const seen = collect(events);
    const ops: ApplyOperations = {
      products: skus('N', 3).map((s) => product(s)),
      offers: skus('N', 3).map((s) => offer(s, true)),
      deletes: [],
    };
    const result = await executeOperations({ client: fake.client, operations: ops, events });
    const offered = fake.submits.filter((s) => s.kind !== 'products').flatMap((s) => s.skus);
    expect(offered.sort()).toEqual(['N-0', 'N-2']);
    expect(result.errors).toEqual([
      { sku: 'N-1', operation: 'products', message: 'attributes.COLOR: "Teal" is not allowed', field: 'attributes.COLOR' },
      { sku: 'N-1', operation: 'prices-and-stocks', message: 'not sent: the product of this SKU was not created' },
    ]);
    expect(seen.some((e) => e.type === 'record-skipped' && e.sku === 'N-1')).toBe(true);
    expect(seen.filter((e) => e.type === 'batch-finished' && e.state === 'partially_succeeded')).toHaveLength(1);
  });

  it('reports every record of a chunk the API refused to accept', async () => {
    const fake = createFakeClient({ submitError: (k) => (k === 'delete' ? new Error('400 too many items') : undefined) });
    const result = await executeOperations({
      client: fake.client,
      operations: { products: [], offers: [], deletes: [{ sku: 'A' }, { sku: 'B' }] },
      events: new ApplyEvents(),
    });
    expect(result.errors.map((e) => [e.sku, e.operation, e.message])).toEqual([
      ['A', 'delete', 'not submitted: 400 too many items'],
      ['B', 'delete', 'not submitted: 400 too many items'],
    ]);
  });

  it('journals each batch before and after submit, and stops submitting when interrupted', async () => {
    const root = await mkdtemp(join(tmpdir(), 'shelf-exec-'));
    const journal = await Journal.open(root, { compact: true });
    const controller = new AbortController();
    const fake = createFakeClient({ batchMs: () => 50 });
    const events = new ApplyEvents();
    events.on((e) => {
      if (e.type === 'chunk-submitted' && e.kind === 'products') controller.abort(new Error('SIGINT'));
    });
    const seen = collect(events);
    const result = await executeOperations({
      client: fake.client,
      operations: {
        products: skus('N', 4).map((s) => product(s)),
        offers: skus('N', 4).map((s) => offer(s, true)),
        deletes: [{ sku: 'X' }],
      },
      events,
      journal,
      signal: controller.signal,
      chunkSize: 2,
    });
    await journal.close();
    expect(fake.submits.filter((s) => s.kind !== 'products')).toEqual([]);
    expect(result.interrupted?.inFlight.map((b) => b.batchId)).toContain('batch-1');
    expect(seen.at(-1)?.type).toBe('interrupted');
    expect(result.notAttempted.has('X')).toBe(true);
    const backlog = await readJournalBacklog(root);
    expect(backlog.batches.map((b) => b.batchId)).toContain('batch-1');
    const journaled = backlog.batches.find((b) => b.batchId === 'batch-1')!.skus;
    expect(journaled).toEqual(fake.submits.find((s) => s.batchId === 'batch-1')!.skus);
    const lines = (await readFile(join(root, '.shelf', 'journal.jsonl'), 'utf8')).trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { type: string; id: string; batchId?: string });
    const submitted = entries.find((e) => e.batchId === 'batch-1' && e.type === 'submitted')!;
    // The intent of the same chunk is on disk before its submitted line.
    expect(entries.findIndex((e) => e.type === 'intent' && e.id === submitted.id)).toBeLessThan(entries.indexOf(submitted));
  });
});

describe('executeOperations: outcomes shelf could not learn', () => {
  const ops = (): ApplyOperations => ({
    products: skus('N', 2).map((s) => product(s)),
    offers: [...skus('N', 2).map((s) => offer(s, true)), offer('OLD-1', false)],
    deletes: [],
  });

  it('counts the records of a batch the API no longer knows (gone) as unknown, neither succeeded nor failed', async () => {
    const fake = createFakeClient({ waitResult: (_id, kind) => (kind === 'products' ? { state: 'gone', problem: 'the API does not know batch batch-1 (404)' } : undefined) });
    const result = await executeOperations({ client: fake.client, operations: ops(), events: new ApplyEvents() });
    expect(result.errors).toEqual([]);
    expect(result.succeeded.get('products') ?? new Set()).toEqual(new Set());
    expect(result.unknown.map((u) => [u.sku, u.operation, u.batchId, u.cause])).toEqual([
      ['N-0', 'products', 'batch-1', 'gone'],
      ['N-1', 'products', 'batch-1', 'gone'],
    ]);
    // Offers of a product whose outcome is unknown are not sent, and say why.
    expect(result.notSent.map((n) => [n.sku, n.reason])).toEqual([
      ['N-0', "not sent: the product's outcome is not known yet"],
      ['N-1', "not sent: the product's outcome is not known yet"],
    ]);
  });

  it('never counts an unknown batch (API unreachable) as failed', async () => {
    const fake = createFakeClient({
      waitResult: (_id, kind) =>
        kind === 'prices-and-stocks' ? { state: 'unknown', cause: 'unreachable', unreachableSince: '2026-01-01T14:02:11.000Z', problem: 'unreachable' } : undefined,
    });
    const result = await executeOperations({ client: fake.client, operations: ops(), events: new ApplyEvents() });
    expect(result.errors).toEqual([]);
    expect(result.unknown.every((u) => u.cause === 'unreachable' && u.since === '2026-01-01T14:02:11.000Z')).toBe(true);
    expect(result.unknown.map((u) => u.sku).sort()).toEqual(['N-0', 'N-1', 'OLD-1']);
    expect([...result.succeeded.get('products')!]).toEqual(['N-0', 'N-1']);
  });

  it('a token refused mid-run: nothing more is sent, the product batches polled under 401 are unknown, failed stays 0', async () => {
    const { RemoteError } = await import('../../src/remote/errors.js');
    const fake = createFakeClient({
      // The products went through; the offers' submit meets the revoked token.
      submitError: (kind) => (kind !== 'products' ? new RemoteError('401 Unauthorized', { kind: 'auth', endpoint: 'POST', status: 401 }) : undefined),
    });
    const result = await executeOperations({
      client: fake.client,
      operations: { ...ops(), deletes: [{ sku: 'D-1' }] },
      events: new ApplyEvents(),
      chunkSize: 1,
    });
    expect(result.errors).toEqual([]);
    expect(result.stopped?.cause).toBe('auth');
    expect([...result.succeeded.get('products')!].sort()).toEqual(['N-0', 'N-1']);
    // No offer is said to wait for a product that "was not created": they were not sent because of the token.
    expect(result.notSent.every((n) => /token was refused/.test(n.reason))).toBe(true);
    expect(result.notSent.map((n) => n.sku).sort()).toEqual(['D-1', 'N-0', 'N-1', 'OLD-1']);
    expect(fake.submits.filter((s) => s.kind === 'delete')).toEqual([]);
  });

  it('a delete answered "not found" for a SKU it meant to delete is a success', async () => {
    const fake = createFakeClient({ reject: (kind) => (kind === 'delete' ? 'sku: A product with the given SKU is not found.' : undefined) });
    const result = await executeOperations({ client: fake.client, operations: { products: [], offers: [], deletes: [{ sku: 'X' }] }, events: new ApplyEvents() });
    expect(result.errors).toEqual([]);
    expect([...result.succeeded.get('delete')!]).toEqual(['X']);
  });

  it('a journal whose writes fail after N entries: no new batch is submitted, accepted ones are followed to their end', async () => {
    const { JournalThatFails } = await import('./failing-journal.js');
    const journal = new JournalThatFails(3); // intent + submitted of batch 1, intent of batch 2; then ENOSPC
    const fake = createFakeClient();
    const result = await executeOperations({
      client: fake.client,
      operations: { products: skus('N', 4).map((s) => product(s, 'update')), offers: [], deletes: [] },
      events: new ApplyEvents(),
      journal,
      chunkSize: 1,
    });
    expect(result.stopped?.cause).toBe('journal');
    expect((result.stopped?.error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    // Only batches whose intent reached the journal were sent; every one of them was followed to its end.
    const intents = journal.entries.filter((e) => e.startsWith('intent')).length;
    expect(intents).toBe(3);
    expect(fake.submits).toHaveLength(intents);
    expect(fake.finished.map((f) => f.batchId).sort()).toEqual(fake.submits.map((s) => s.batchId).sort());
    expect(result.succeeded.get('products')!.size).toBe(intents);
    expect(result.notSent.map((n) => n.sku)).toEqual(['N-3']);
    expect(result.errors).toEqual([]);
  });
});
