/** Catalog files are read into shared memory, which parse workers see without a copy. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileShared } from '../../src/config/parallel/shared-bytes.js';
import { makeRepo, removeRepos } from '../support/repo.js';

afterAll(removeRepos);

describe('readFileShared', () => {
  it('reads every byte of a file into a SharedArrayBuffer', async () => {
    const dir = makeRepo({});
    const bytes = Buffer.from(`products:\n${'  - {sku: A-1, name: "Tee – ünïcode"}\n'.repeat(5000)}`);
    writeFileSync(join(dir, 'big.yaml'), bytes);
    const read = await readFileShared(join(dir, 'big.yaml'));
    expect(read.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(read).equals(bytes)).toBe(true);
  });

  it('reads an empty file as no bytes', async () => {
    const dir = makeRepo({ 'empty.yaml': '' });
    expect((await readFileShared(join(dir, 'empty.yaml'))).byteLength).toBe(0);
  });
});
