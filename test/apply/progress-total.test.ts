/**
 * Progress announces what apply sends: the `start` event's chunk total is the number of write
 * requests the run submits, counted per endpoint (as the plan's cost counts them), not as one
 * pool of offers; and the progress view built on it ends with every announced chunk done.
 */
import { describe, expect, it } from 'vitest';
import { ApplyEvents } from '../../src/apply/events.js';
import { executeOperations } from '../../src/apply/executor.js';
import { operationsFromPlan } from '../../src/plan/writes/operations.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { countWriteRequests, totalWrites } from '../../src/plan/writes/write-requests.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { createProgress } from '../../src/views/progress.js';
import { catalog, dec, desired, remoteOf } from '../plan/build.js';
import { createFakeClient } from './fake-client.js';

const full = { price: dec('10.00'), retail_price: dec('12.00'), stock: 5 };

/**
 * A plan touching every endpoint: creates (products, then their offers in PRD104), price-only
 * and stock-only changes whose other field is not managed (so they cannot share a PRD104 chunk),
 * and deletes. Pooled, its offers would fit fewer chunks than the endpoints take one by one.
 */
function mixedOperations(counts: { creates: number; prices: number; stocks: number; deletes: number }) {
  const wanted = [];
  const remotes = [];
  for (let i = 0; i < counts.creates; i++) wanted.push(desired(`MIX-NEW-${i}`, full));
  for (let i = 0; i < counts.prices; i++) {
    const d = desired(`MIX-PRICE-${i}`, { price: dec('10.00') });
    wanted.push(d);
    remotes.push(remoteOf(d, { price: dec('11.00'), stock: 9 }));
  }
  for (let i = 0; i < counts.stocks; i++) {
    const d = desired(`MIX-STOCK-${i}`, { stock: 4 });
    wanted.push(d);
    remotes.push(remoteOf(d, { stock: 1, price: dec('3.00') }));
  }
  for (let i = 0; i < counts.deletes; i++) remotes.push(remoteOf(desired(`MIX-OLD-${i}`, full)));
  return operationsFromPlan(diffCatalog(catalog(wanted, { prune: true }), remotes));
}

async function run(ops: ReturnType<typeof mixedOperations>, chunkSize: number) {
  const fake = createFakeClient();
  const events = new ApplyEvents();
  const seen: ApplyEvent[] = [];
  events.on((e) => seen.push(e));
  let text = '';
  const stream = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
  const progress = createProgress({
    stream,
    tty: false,
    requests: () => ({ total: fake.submits.length, throttled: 0 }),
    quota: { requests: 10, windowMs: 60_000 },
  });
  events.on(progress.listener);
  const result = await executeOperations({ client: fake.client, operations: ops, events, chunkSize });
  progress.done();
  expect(result.errors).toEqual([]);
  const start = seen.find((e) => e.type === 'start');
  return { fake, start, text };
}

describe('progress total', () => {
  it('equals the submits of a run mixing products, every offer endpoint and deletes', async () => {
    // Chunks of 10: 4 creates → 1 products + 1 PRD104; 7 prices → 1 PRD105; 6 stocks → 1 PRD106;
    // 12 deletes → 2. One pool of 17 offers would have said 2 offer chunks instead of 3.
    const ops = mixedOperations({ creates: 4, prices: 7, stocks: 6, deletes: 12 });
    const { fake, start, text } = await run(ops, 10);
    const perKind: Record<string, number> = {};
    for (const s of fake.submits) perKind[s.kind] = (perKind[s.kind] ?? 0) + 1;
    expect(perKind).toEqual({ products: 1, 'prices-and-stocks': 1, prices: 1, stocks: 1, delete: 2 });
    expect(start).toMatchObject({ type: 'start', chunks: fake.submits.length });
    expect(start).toMatchObject({ chunks: totalWrites(countWriteRequests(ops, 10)) });
    // The view's closing line counts every announced chunk as done.
    expect(text).toContain(`done: ${fake.submits.length}/${fake.submits.length} chunks`);
  });

  it('equals the submits across chunk sizes and shapes', async () => {
    const shapes = [
      { creates: 0, prices: 3, stocks: 3, deletes: 0 },
      { creates: 25, prices: 11, stocks: 1, deletes: 3 },
      { creates: 9, prices: 0, stocks: 19, deletes: 21 },
      { creates: 1, prices: 14, stocks: 14, deletes: 1 },
    ];
    for (const shape of shapes) {
      for (const chunkSize of [4, 10, 1000]) {
        const { fake, start } = await run(mixedOperations(shape), chunkSize);
        expect(start, `${JSON.stringify(shape)}, chunks of ${chunkSize}`).toMatchObject({ chunks: fake.submits.length });
      }
    }
  });
});
