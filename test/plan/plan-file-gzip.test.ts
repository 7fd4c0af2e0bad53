import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGzipLineBatches, writeGzipLines } from '../../src/plan/plan-file-gzip.js';

const dir = mkdtempSync(join(tmpdir(), 'shelf-gzip-lines-'));

async function readAll(file: string): Promise<string[][]> {
  const batches: string[][] = [];
  for await (const batch of readGzipLineBatches(file)) batches.push(batch);
  return batches;
}

describe('gzipped lines', () => {
  it('reads lines back a piece at a time, not one async step per line', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"sku":"AKN-${i}","name":"Tee ${i}"}`);
    const file = join(dir, 'many.gz');
    await writeGzipLines(file, lines, 0o600);
    const batches = await readAll(file);
    expect(batches.flat()).toEqual(lines);
    expect(batches.length).toBeLessThan(20);
  });

  it('keeps lines whole across pieces: long lines, multi-byte characters, empty lines', async () => {
    const long = `${'é'.repeat(200_000)}→${'x'.repeat(300_001)}`;
    const lines = ['first', long, 'ünïcödé ✓', long.slice(1), '', 'last'];
    const file = join(dir, 'long.gz');
    await writeGzipLines(file, lines, 0o600);
    expect((await readAll(file)).flat()).toEqual(lines);
  });
});
