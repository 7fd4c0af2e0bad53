import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, journalPath, readJournalBacklog } from '../../src/apply/journal.js';
import { acquireApplyLock } from '../../src/apply/lock.js';

const repo = () => mkdtemp(join(tmpdir(), 'shelf-journal-'));

describe('journal', () => {
  it('keeps submitted batches open until finished, and knows submits that never got an answer', async () => {
    const root = await repo();
    const j = await Journal.open(root, { compact: true });
    const a = await j.intent('products', ['A', 'B']);
    await j.submitted(a, 'batch-a', 'products', ['A', 'B']);
    const b = await j.intent('stocks', ['C']);
    await j.submitted(b, 'batch-b', 'stocks', ['C']);
    await j.finished('batch-b', 'succeeded');
    const c = await j.intent('delete', ['D']);
    const d = await j.intent('prices', ['E']);
    await j.submitFailed(d, '400');
    await j.close();
    // A crash mid-write leaves a torn last line; it must not hide the lines before it.
    await writeFile(journalPath(root), `${await readFile(journalPath(root), 'utf8')}{"type":"submi`);
    const backlog = await readJournalBacklog(root);
    expect(backlog.batches).toEqual([{ batchId: 'batch-a', kind: 'products', skus: ['A', 'B'] }]);
    expect(backlog.uncertain).toEqual([{ id: c, kind: 'delete', skus: ['D'], at: expect.any(String) }]);
  });

  it('ends a torn last line before appending, so the next entry is not lost with it', async () => {
    const root = await repo();
    const first = await Journal.open(root, { compact: true });
    await first.submitted(await first.intent('products', ['A']), 'batch-a', 'products', ['A']);
    await first.close();
    // Killed in the middle of appending the next line.
    await writeFile(journalPath(root), `${await readFile(journalPath(root), 'utf8')}{"type":"fini`);
    const second = await Journal.open(root, { compact: false });
    // Killed again right after recording that it is about to submit B.
    const intent = await second.intent('stocks', ['B']);
    await second.close();
    const backlog = await readJournalBacklog(root);
    expect(backlog.batches.map((b) => b.batchId)).toEqual(['batch-a']);
    expect(backlog.uncertain).toEqual([{ id: intent, kind: 'stocks', skus: ['B'], at: expect.any(String) }]);
  });

  it('starts afresh only when asked (nothing left open)', async () => {
    const root = await repo();
    const j = await Journal.open(root, { compact: false });
    await j.submitted(await j.intent('products', ['A']), 'batch-a', 'products', ['A']);
    await j.close();
    await (await Journal.open(root, { compact: false })).close();
    expect((await readJournalBacklog(root)).batches).toHaveLength(1);
    await (await Journal.open(root, { compact: true })).close();
    expect(await readJournalBacklog(root)).toEqual({ batches: [], uncertain: [] });
  });
});

describe('journal origins', () => {
  it('gives each origin its own open batches: another origin\'s are left alone and counted, even with the same batch ids', async () => {
    const root = await repo();
    const a = await Journal.open(root, { compact: true, origin: 'http://127.0.0.1:1111' });
    await a.submitted(await a.intent('products', ['A', 'B']), 'b-1', 'products', ['A', 'B']);
    await a.close();
    // A restarted sandbox hands out the same ids; its b-1 finishing must not close the first origin's b-1.
    const b = await Journal.open(root, { compact: false, origin: 'http://127.0.0.1:2222' });
    await b.submitted(await b.intent('stocks', ['C']), 'b-1', 'stocks', ['C']);
    await b.finished('b-1', 'succeeded');
    await b.close();
    const atB = await readJournalBacklog(root, 'http://127.0.0.1:2222');
    expect(atB.batches).toEqual([]);
    expect(atB.elsewhere).toEqual([{ origin: 'http://127.0.0.1:1111', batches: 1, records: 2 }]);
    const atA = await readJournalBacklog(root, 'http://127.0.0.1:1111');
    expect(atA.batches).toEqual([{ batchId: 'b-1', kind: 'products', skus: ['A', 'B'] }]);
    expect(atA.elsewhere).toBeUndefined();
  });

  it('counts entries written before origins were recorded as the current origin\'s', async () => {
    const root = await repo();
    const old = await Journal.open(root, { compact: true });
    await old.submitted(await old.intent('products', ['A']), 'b-9', 'products', ['A']);
    await old.close();
    const backlog = await readJournalBacklog(root, 'http://127.0.0.1:3333');
    expect(backlog.batches.map((x) => x.batchId)).toEqual(['b-9']);
  });
});

describe('apply lock', () => {
  it('is exclusive while held, released on release, and taken over from a dead process', async () => {
    const root = await repo();
    const first = await acquireApplyLock(root);
    expect(first.lock).toBeDefined();
    expect(await acquireApplyLock(root)).toEqual({ heldBy: process.pid });
    await first.lock!.release();
    const again = await acquireApplyLock(root);
    expect(again.lock).toBeDefined();
    await again.lock!.release();
    // A lock left by kill -9: its pid no longer exists.
    await mkdir(join(root, '.shelf'), { recursive: true });
    await writeFile(join(root, '.shelf', 'apply.lock'), '2147483646\n');
    const taken = await acquireApplyLock(root);
    expect(taken.lock).toBeDefined();
    await taken.lock!.release();
  });
});
