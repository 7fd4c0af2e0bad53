import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeOutcome, withRecoveredFailures } from '../../src/apply/outcome.js';
import type { ApplyEvent, ExecutionResult } from '../../src/apply/types.js';
import type { Decimal } from '../../src/model/decimal.js';
import type { DesiredProduct } from '../../src/model/product.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { renderApplyHuman } from '../../src/views/apply-human.js';
import { applyToJson } from '../../src/views/apply-json.js';
import { createProgress } from '../../src/views/progress.js';

const GOLDEN = join(import.meta.dirname, '../golden/apply');
const REPO = join(GOLDEN, 'repo');

async function golden(name: string, actual: string): Promise<void> {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

const pos = (line: number, column: number) => ({ file: 'catalog/tees.yaml', line, column });
const desired = (sku: string, line: number, colorColumn: number, color: string): DesiredProduct => ({
  sku,
  name: 'Tee',
  base_code: 'TEE',
  category: '07be580a-ad72-4778-b309-1d02d6c2acec',
  attributes: { COLOR: color, SIZE: 'M' },
  price: '19.90' as Decimal,
  stock: 3,
  source: pos(line, 16),
  fieldSources: { 'attributes.COLOR': pos(line, colorColumn), price: pos(5, 12), stock: pos(line, 63) },
});
const create = (d: DesiredProduct): ResourceChange => ({
  sku: d.sku,
  action: 'create',
  changed: ['name', 'price', 'stock'],
  fields: [],
  before: null,
  after: d,
  source: d.source,
  remoteFingerprint: null,
});
const changes: ResourceChange[] = [
  create(desired('TEE-RD-M', 7, 50, 'Red')),
  create(desired('TEE-TL-M', 8, 50, 'Teal')),
  { sku: 'TEE-OLD', action: 'delete', changed: [], fields: [], before: null, after: null, remoteFingerprint: 'x' },
];
const partial: ExecutionResult = {
  errors: [
    { sku: 'TEE-TL-M', operation: 'products', message: 'attributes: "Teal" is not a valid choice for COLOR.', field: 'attributes' },
    { sku: 'TEE-TL-M', operation: 'prices-and-stocks', message: 'not sent: the product of this SKU was not created' },
  ],
  succeeded: new Map([
    ['products', new Set(['TEE-RD-M'])],
    ['prices-and-stocks', new Set(['TEE-RD-M'])],
    ['delete', new Set(['TEE-OLD'])],
  ]),
  notAttempted: new Set(),
  unknown: [],
  notSent: [],
};

describe('apply report views', () => {
  it('shows each failed record with its operation, the API message and the YAML line (human)', async () => {
    const outcome = summarizeOutcome(changes, partial);
    expect(outcome.summary).toEqual({ added: 1, changed: 0, destroyed: 1, failed: 1, unknown: 0 });
    await golden('partial-failure.human.txt', renderApplyHuman(outcome, { root: REPO, color: false }));
  });

  it('prints the contract JSON document', async () => {
    const outcome = summarizeOutcome(changes, partial);
    const doc = applyToJson(outcome, { total: 7, throttled: 0 });
    await golden('partial-failure.json', `${JSON.stringify(doc, null, 2)}\n`);
  });

  it('says Apply complete when every record succeeded', async () => {
    const ok: ExecutionResult = { ...partial, errors: [], succeeded: new Map([['products', new Set(['TEE-RD-M', 'TEE-TL-M'])]]) };
    await golden('complete.human.txt', renderApplyHuman(summarizeOutcome(changes, ok), { root: REPO, color: false }));
  });

  it('adds failures collected from an earlier run: resolved when this run wrote the SKU or the remote matches, standing otherwise', () => {
    const recovered = [
      { sku: 'TEE-RD-M', operation: 'products' as const, message: 'server error', recoveredBatch: 'b-0' },
      { sku: 'TEE-GONE', operation: 'stocks' as const, message: 'A product with the given SKU is not found.', recoveredBatch: 'b-0' },
      { sku: 'TEE-OK', operation: 'stocks' as const, message: 'server error', recoveredBatch: 'b-0' },
    ];
    // The fresh plan still wants TEE-GONE (its write failed again or was not sent); TEE-OK has no change left.
    const planned = new Set([...changes.map((c) => c.sku), 'TEE-GONE']);
    const outcome = withRecoveredFailures(summarizeOutcome(changes, partial), recovered, planned);
    // TEE-TL-M failed in this run; TEE-GONE failed earlier and nothing wrote it since; TEE-RD-M was written again.
    expect(outcome.summary).toEqual({ added: 1, changed: 0, destroyed: 1, failed: 2, unknown: 0 });
    const doc = applyToJson(outcome, { total: 9, throttled: 0 });
    expect(doc.errors.slice(0, 3)).toEqual([
      { sku: 'TEE-RD-M', operation: 'products', message: 'server error', source: null, recovered_batch: 'b-0', resolved_by_this_run: true },
      { sku: 'TEE-GONE', operation: 'stocks', message: 'A product with the given SKU is not found.', source: null, recovered_batch: 'b-0' },
      { sku: 'TEE-OK', operation: 'stocks', message: 'server error', source: null, recovered_batch: 'b-0', remote_now_matches: true },
    ]);
    expect(doc.errors.slice(3).map((e) => e.recovered_batch)).toEqual([undefined, undefined]);
    const human = renderApplyHuman(outcome, { root: REPO, color: false });
    expect(human).toContain('Apply failed! Resources: 1 added, 0 changed, 1 destroyed, 2 failed (1 in batches of an earlier apply).');
    // Recovered failures were shown on stderr when collected: stdout lists only this run's.
    expect(human).not.toContain('TEE-GONE');
  });

  it('names the batches in flight when interrupted', async () => {
    const stopped: ExecutionResult = { errors: [], unknown: [], notSent: [], succeeded: new Map(), notAttempted: new Set(['TEE-RD-M', 'TEE-TL-M', 'TEE-OLD']) };
    const outcome = summarizeOutcome(changes, stopped);
    const text = renderApplyHuman(outcome, { root: REPO, color: false, interrupted: [{ batchId: 'b-1', kind: 'products', size: 2 }] });
    await golden('interrupted.human.txt', text);
  });
});

describe('progress', () => {
  const events: ApplyEvent[] = [
    { type: 'start', chunks: 3, items: 2500 },
    { type: 'chunk-queued', kind: 'products', size: 1000 },
    { type: 'chunk-queued', kind: 'products', size: 1000 },
    { type: 'chunk-submitted', kind: 'products', batchId: 'b-1', size: 1000, submitted: 1 },
    { type: 'batch-finished', kind: 'products', batchId: 'b-1', state: 'partially_succeeded', failed: 1, size: 1000 },
    { type: 'record-failed', sku: 'X', operation: 'products', message: 'no' },
  ];

  it('writes plain timestamped lines when stderr is not a terminal', () => {
    let text = '';
    const stream = {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    let t = Date.UTC(2026, 0, 1, 12, 0, 0);
    const p = createProgress({ stream, tty: false, requests: () => ({ total: 4, throttled: 0 }), quota: { requests: 10, windowMs: 60_000 }, now: () => {
      t += 1000;
      return t;
    } });
    events.forEach(p.listener);
    p.done();
    expect(text.split('\n').filter(Boolean)).toEqual([
      '2026-01-01T12:00:01.000Z apply: 2500 items in 3 chunks',
      '2026-01-01T12:00:02.000Z submitted products batch b-1 (1000 items; 1 chunk waiting for quota)',
      '2026-01-01T12:00:03.000Z batch b-1 (products) partially succeeded: 999/1000 ok',
      '2026-01-01T12:00:04.000Z done: 1/3 chunks, 4 requests',
    ]);
  });

  it('redraws one live line on a terminal with chunks, quota waits, requests and ETA', () => {
    let text = '';
    const stream = {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const p = createProgress({ stream, tty: true, requests: () => ({ total: 4, throttled: 1 }), quota: { requests: 10, windowMs: 60_000 } });
    events.forEach(p.listener);
    const last = text.split('\r\x1b[2K').at(-1);
    expect(last).toBe('Applying: chunks 1/3 done, 0 in flight; 1 waiting for quota; 4 requests (1 throttled); 1 failed record; ETA 24 s');
    p.done();
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
    // Redrawing in place is cursor control, not colour: NO_COLOR output has no SGR sequence.
    expect(text).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  it('counts read as English: 1 item in 1 chunk, 1 request', () => {
    let text = '';
    const stream = {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const p = createProgress({ stream, tty: false, requests: () => ({ total: 1, throttled: 0 }), quota: { requests: 10, windowMs: 60_000 }, now: () => 0 });
    p.listener({ type: 'start', items: 1, chunks: 1 } as Parameters<typeof p.listener>[0]);
    p.done();
    expect(text).toContain('apply: 1 item in 1 chunk\n');
    expect(text).toContain('done: 0/1 chunk, 1 request\n');
  });
});

describe('apply report when the API misbehaves', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `TEE-${String(i).padStart(4, '0')}`);
  const manyChanges = (skus: string[]): ResourceChange[] => skus.map((sku) => ({ sku, action: 'update', changed: ['stock'], fields: [], before: null, after: null, remoteFingerprint: 'x' }));

  it('an unreachable API: one message for the cause with counts and a few SKUs; JSON lists every record; unknown is not failed', () => {
    const skus = many(2520);
    const result: ExecutionResult = {
      errors: [],
      notSent: [],
      notAttempted: new Set(),
      succeeded: new Map(),
      unknown: skus.map((sku, i) => ({
        sku,
        operation: 'stocks' as const,
        batchId: `b-${Math.floor(i / 1000)}`,
        cause: 'unreachable' as const,
        reason: 'the API became unreachable while shelf followed the batch: ECONNREFUSED',
        since: '2026-11-27T14:02:11.000Z',
      })),
    };
    const outcome = summarizeOutcome(manyChanges(skus), result);
    expect(outcome.summary).toEqual({ added: 0, changed: 0, destroyed: 0, failed: 0, unknown: 2520 });
    const human = renderApplyHuman(outcome, { root: REPO, color: false });
    expect(human.split('\n').length).toBeLessThan(50);
    expect(human).toContain('the API became unreachable at 14:02:11; 3 batches (2520 records) accepted, outcome unknown — `shelf apply` will collect them');
    expect(human).toContain('TEE-0000, TEE-0001, TEE-0002, TEE-0003, TEE-0004, … (2515 more)');
    expect(human).toContain('stocks: 0 applied, 0 refused, 2520 unknown, 0 not sent');
    expect(human).toContain('Apply incomplete! Resources: 0 added, 0 changed, 0 destroyed, 2520 unknown.');
    const doc = applyToJson(outcome, { total: 3, throttled: 0 });
    expect(doc.unknown).toHaveLength(2520);
    expect(doc.unknown[0]).toEqual({ sku: 'TEE-0000', operation: 'stocks', batch_id: 'b-0', reason: 'the API became unreachable while shelf followed the batch: ECONNREFUSED' });
  });

  it('many records refused with one message are shown once, with the count', () => {
    const skus = many(3000);
    const result: ExecutionResult = {
      errors: skus.map((sku) => ({ sku, operation: 'prices' as const, message: 'not submitted: 400 bad request' })),
      notSent: [],
      unknown: [],
      notAttempted: new Set(),
      succeeded: new Map(),
    };
    const human = renderApplyHuman(summarizeOutcome(manyChanges(skus), result), { root: REPO, color: false });
    expect(human.split('\n').length).toBeLessThan(50);
    expect(human).toContain('Error: 3000 records: prices: not submitted: 400 bad request');
  });

  it('a journal that could not be written mid-run: the report still comes, with a diagnostic naming the file, the reason and the fix', () => {
    const result: ExecutionResult = {
      errors: [],
      unknown: [],
      notSent: [{ sku: 'TEE-OLD', operation: 'delete', reason: 'not sent: ENOSPC: no space left on device' }],
      notAttempted: new Set(['TEE-OLD']),
      succeeded: new Map([['products', new Set(['TEE-RD-M', 'TEE-TL-M'])]]),
      stopped: {
        cause: 'journal',
        message: 'ENOSPC: no space left on device',
        error: Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
      },
    };
    const human = renderApplyHuman(summarizeOutcome(changes, result), { root: REPO, color: false });
    expect(human).toContain("Cannot write shelf's state in .shelf/journal.jsonl (ENOSPC: no space left on the device). No further batch was submitted");
    expect(human).toContain('Free some disk space and run the command again.');
    expect(human).toContain('delete:   0 applied, 0 refused, 0 unknown, 1 not sent');
    expect(human).toContain('Apply incomplete! Resources: 2 added, 0 changed, 0 destroyed, 1 not applied.');
  });
});
