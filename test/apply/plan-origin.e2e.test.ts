import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { makeRepo } from '../support/repo.js';
import { recordingIO } from '../support/recording-io.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { SHELF_YAML, tshirtCatalog } from './fixtures.js';

let first: RunningSandbox;
let second: RunningSandbox;
beforeAll(async () => {
  [first, second] = await Promise.all([startSandbox(), startSandbox()]);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
});

describe('a saved plan belongs to the API it was made against', () => {
  it('refuses to apply it against another Seller Center, without a request to either', async () => {
    const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(3) });
    expect(await runPlan({ dir: '.', out: 'reviewed.plan', target: [] }, recordingIO(root, first.env))).toBe(0);
    const firstSince = first.sandbox.requestLog().length;

    const io = recordingIO(root, second.env);
    expect(await runApply({ path: 'reviewed.plan', autoApprove: true, json: true, target: [] }, io)).toBe(1);
    expect(io.err()).toContain(`The plan was made against the API at ${first.url}, but this run points at ${second.url}`);
    expect(JSON.parse(io.out()).errors.map((e: { message: string }) => e.message).join('\n')).toContain('made against the API at');
    expect(second.sandbox.requestLog()).toEqual([]);
    expect(first.sandbox.requestLog().length).toBe(firstSince);

    // Pointed back at the API it was made against, the same plan applies.
    const back = recordingIO(root, first.env);
    expect(await runApply({ path: 'reviewed.plan', autoApprove: true, target: [] }, back)).toBe(0);
    expect(back.out()).toContain('Apply complete! Resources: 3 added');
  });
});
