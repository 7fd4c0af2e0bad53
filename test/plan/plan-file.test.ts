import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { checkPlanRepository, readPlanFile, writePlanFile } from '../../src/plan/plan-file.js';
import { isUnknown } from '../../src/plan/values.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { catalog, dec, desired, remoteOf, settings } from './build.js';

const API = 'https://seller.example.com/api';
const dir = mkdtempSync(join(tmpdir(), 'shelf-plan-file-'));

describe('saved plans', () => {
  it('round-trips a plan with fingerprints, desired records and unknown values', async () => {
    const d = desired('AKN-1', { price: dec('10'), stock: 4 });
    const c = catalog([d, desired('AKN-2')]);
    const plan = diffCatalog(c, [remoteOf(d, { price: undefined, stock: 3 })]);
    const file = join(dir, 'round.plan');
    await writePlanFile(file, plan, { settings: c.settings, apiBaseUrl: API }, ['AKN-1']);
    const { saved, diagnostics } = await readPlanFile(file);
    expect(diagnostics).toEqual([]);
    expect(saved!.targets).toEqual(['AKN-1']);
    expect(saved!.repository.root).toBe('/repo');
    expect(saved!.api.base_url).toBe(API);
    const update = saved!.plan.changes.find((x) => x.sku === 'AKN-1')!;
    expect(update.remoteFingerprint).toBe(plan.changes.find((x) => x.sku === 'AKN-1')!.remoteFingerprint);
    expect(update.after!.price).toBe('10.00');
    expect(isUnknown(update.fields.find((f) => f.path === 'price')!.before)).toBe(true);
    // `show` renders the saved plan exactly as `plan` rendered the live one.
    expect(renderPlanHuman(saved!.plan, { color: false })).toBe(renderPlanHuman(plan, { color: false }));
  });

  it('never writes the token', async () => {
    const token = 'sk-secret-token-value';
    const c = catalog([desired('AKN-1')]);
    const file = join(dir, 'token.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    expect(readFileSync(file, 'utf8')).not.toContain(token);
    expect(readFileSync(file, 'utf8')).not.toMatch(/authorization|token/i);
  });

  it('refuses an unknown version, a file that is not a plan, and a plan of another repository', async () => {
    const c = catalog([desired('AKN-1')]);
    const file = join(dir, 'v.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...data, shelf_plan_version: 99 }));
    expect((await readPlanFile(file)).diagnostics.map((d) => d.code)).toEqual(['plan-file-version']);
    writeFileSync(file, '{"hello": 1}');
    expect((await readPlanFile(file)).diagnostics.map((d) => d.code)).toEqual(['plan-file-invalid']);
    expect((await readPlanFile(join(dir, 'missing.plan'))).diagnostics.map((d) => d.code)).toEqual(['plan-file-unreadable']);

    writeFileSync(file, JSON.stringify(data));
    const { saved } = await readPlanFile(file);
    expect(checkPlanRepository(saved!, c.settings, API)).toEqual([]);
    expect(checkPlanRepository(saved!, settings({ root: '/elsewhere' }), API)[0]!.code).toBe('plan-other-repository');
    expect(checkPlanRepository(saved!, settings({ prune: true }), API)[0]!.code).toBe('plan-settings-changed');
    // A plan read from one Seller Center is never applied to another.
    const elsewhere = checkPlanRepository(saved!, c.settings, 'https://other.example.com/api');
    expect(elsewhere.map((d) => d.code)).toEqual(['plan-other-api']);
    expect(elsewhere[0]!.summary).toContain('https://seller.example.com/api');
  });

  it('checks a saved plan once when it is read: a hand-edited record is refused by its path', async () => {
    const d = desired('AKN-1', { price: dec('10'), stock: 4 });
    const c = catalog([d]);
    const file = join(dir, 'edited.plan');
    await writePlanFile(file, diffCatalog(c, [remoteOf(d, { stock: 3 })]), { settings: c.settings, apiBaseUrl: API });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect((await readPlanFile(file)).diagnostics).toEqual([]);

    data.plan.changes[0].before.stock = -2;
    writeFileSync(file, JSON.stringify(data));
    const negative = await readPlanFile(file);
    expect(negative.saved).toBeUndefined();
    expect(negative.diagnostics.map((x) => x.code)).toEqual(['plan-file-invalid']);
    expect(negative.diagnostics[0]!.summary).toContain('plan.changes[0].before.stock is not a whole number');

    data.plan.changes[0].before.stock = 3;
    data.plan.changes[0].after.price = 10.5;
    writeFileSync(file, JSON.stringify(data));
    expect((await readPlanFile(file)).diagnostics[0]!.summary).toContain('plan.changes[0].after.price is not a decimal');
  });
});
