import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { makeRepo } from '../support/repo.js';
import { recordingIO } from '../support/recording-io.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, tshirtCatalog } from './fixtures.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const writes = () => sb.sandbox.requestLog().filter((e) => e.method !== 'GET');

describe('apply when .shelf/ cannot hold its state', () => {
  it('refuses before any request when .shelf is a file, naming it and the fix', async () => {
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2), '.shelf': 'not a directory\n' });
    const since = sb.sandbox.requestLog().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, json: true, target: [] }, io)).toBe(1);
    expect(io.err()).toContain("Cannot write shelf's state in .shelf (EEXIST: a file is in the way of the directory). Nothing was written");
    expect(io.err()).toContain('Remove or rename the file `.shelf`');
    expect(io.err()).not.toMatch(/unexpected|at .*\.js:\d+/);
    expect(JSON.parse(io.out()).errors[0].message).toContain("Cannot write shelf's state");
    expect(sb.sandbox.requestLog().length).toBe(since);
  });

  it('plan still plans (it writes nothing that keeps data safe) but says once why the quota memory is not saved', async () => {
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2), '.shelf': 'not a directory\n' });
    const io = recordingIO(root, sb.env);
    expect(await runPlan({ dir: '.', target: [] }, io)).toBe(0);
    const warnings = io.err().split('\n').filter((l) => l.includes('cannot save the quota memory'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Remove or rename the file `.shelf`');
  });

  it('refuses when the journal is a directory', async () => {
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    await mkdir(join(root, '.shelf', 'journal.jsonl'), { recursive: true });
    const before = writes().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, io)).toBe(1);
    expect(io.err()).toContain('.shelf/journal.jsonl (EISDIR');
    expect(writes().length).toBe(before);
  });

  // Root may write anywhere, so permissions can only be tried as another user.
  it.skipIf(process.getuid?.() === 0)('refuses when .shelf/ is not writable', async () => {
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(2) });
    await mkdir(join(root, '.shelf'));
    await writeFile(join(root, '.shelf', 'keep'), '');
    await chmod(join(root, '.shelf'), 0o500);
    const before = writes().length;
    const io = recordingIO(root, sb.env);
    expect(await runApply({ path: '.', autoApprove: true, target: [] }, io)).toBe(1);
    expect(io.err()).toContain('(EACCES: permission denied)');
    expect(writes().length).toBe(before);
    await chmod(join(root, '.shelf'), 0o700);
  });
});
