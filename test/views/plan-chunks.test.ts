import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { readPlanFile, writePlanFile } from '../../src/plan/plan-file.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { planView } from '../../src/views/plan-view.js';
import { showView } from '../../src/views/show-view.js';
import { catalog, dec, desired } from '../plan/build.js';

/** A stream that keeps each write apart. */
function recordingStream() {
  const writes: string[] = [];
  return { writes, write: (text: string) => writes.push(text) };
}

describe('a large plan on a terminal', () => {
  it('is written in pieces of about 64 KB, never as one string, and reads exactly as rendered whole', () => {
    const products = Array.from({ length: 3000 }, (_, i) => desired(`BIG-${String(i).padStart(5, '0')}`, { price: dec('9.90'), stock: i }));
    const plan = diffCatalog(catalog(products), []);
    const stdout = recordingStream();
    const stderr = recordingStream();
    planView({ stdout, stderr, stdin: process.stdin, color: false }, 'human').planShown(plan, [], false);
    const whole = renderPlanHuman(plan, { color: false });
    expect(whole.length).toBeGreaterThan(1_000_000);
    expect(stdout.writes.join('')).toBe(whole);
    expect(stdout.writes.length).toBeGreaterThan(10);
    expect(Math.max(...stdout.writes.map((w) => w.length))).toBeLessThan(70 * 1024);
  });
});

describe('show of a large saved plan', () => {
  it('renders each change as it is read, never holding the plan, exactly as plan rendered it', async () => {
    const products = Array.from({ length: 3000 }, (_, i) => desired(`BIG-${String(i).padStart(5, '0')}`, { price: dec('9.90'), stock: i }));
    const c = catalog(products);
    const plan = diffCatalog(c, []);
    const file = join(mkdtempSync(join(tmpdir(), 'shelf-show-')), 'big.plan');
    await writePlanFile(file, plan, { settings: c.settings, apiBaseUrl: 'https://seller.example.com/api' });
    const stdout = recordingStream();
    const stderr = recordingStream();
    const view = showView({ stdout, stderr, stdin: process.stdin, color: false }, { json: false });
    const { saved } = await readPlanFile(file, view.reading);
    // The changes went to the view as they were read: the plan returned holds none.
    expect(saved!.plan.changes).toEqual([]);
    view.planShown(saved!);
    expect(stdout.writes.join('')).toBe(renderPlanHuman(plan, { color: false }));
    expect(stdout.writes.length).toBeGreaterThan(10);
    expect(stderr.writes.join('')).toContain('Saved plan for /repo');
  });
});
