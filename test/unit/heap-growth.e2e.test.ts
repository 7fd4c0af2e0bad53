/**
 * The CLI caps how far the heap grows past what the last full collection kept (see
 * src/commands/heap-growth.ts) before any command runs. A preloaded module records each V8 flag
 * the process sets (what the flag does to peak memory is measured in bench/all-new.bench.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../src/commands/heap-growth.js';
import { CLI, requireBuiltCli } from '../support/cli.js';
import { makeRepo, removeRepos } from '../support/repo.js';

beforeAll(requireBuiltCli);
afterAll(removeRepos);

const SPY = `
import v8 from 'node:v8';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => {
  appendFileSync(process.env.FLAGS_FILE, flags + '\\n');
  set(flags);
};
syncBuiltinESMExports();
`;

function flagsSetBy(args: string[]): Promise<string[]> {
  const dir = makeRepo({ 'spy.mjs': SPY, 'flags.txt': '' });
  const flagsFile = join(dir, 'flags.txt');
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'spy.mjs')).href, CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', FLAGS_FILE: flagsFile } },
      (error) => (error ? fail(error) : done(readFileSync(flagsFile, 'utf8').split('\n').filter(Boolean))),
    );
  });
}

describe('heap growth', () => {
  it('the CLI lets the heap grow to at most twice what the last full collection kept, whatever the command', async () => {
    expect(HEAP_GROWING_PERCENT).toBe(100);
    expect(await flagsSetBy(['--version'])).toEqual(['--heap-growing-percent=100']);
    const repo = makeRepo({ 'catalog/a.yaml': 'products: []\n' });
    expect(await flagsSetBy(['validate', repo])).toEqual(['--heap-growing-percent=100']);
  });
});
