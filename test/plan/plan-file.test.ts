import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { checkPlanRepository, readPlanFile, writePlanFile } from '../../src/plan/plan-file.js';
import { isUnknown } from '../../src/plan/values.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { catalog, dec, desired, remote, remoteOf, settings } from './build.js';

const API = 'https://seller.example.com/api';
const dir = mkdtempSync(join(tmpdir(), 'shelf-plan-file-'));

/** A plan file's lines as JSON values: the header, then one per change. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const linesOf = (file: string): any[] => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
const writeLines = (file: string, lines: unknown[]) => writeFileSync(file, gzipSync(lines.map((l) => `${JSON.stringify(l)}\n`).join('')));

describe('saved plans', () => {
  it('round-trips a plan with fingerprints, desired records and unknown values', async () => {
    const d = desired('AKN-1', { price: dec('10'), stock: 4 });
    const c = catalog([d, desired('AKN-2')], { prune: true });
    const plan = diffCatalog(c, [remoteOf(d, { price: undefined, stock: 3 }), remote('AKN-9', { price: dec('5'), stock: 1 })]);
    expect(plan.changes.map((x) => x.action)).toEqual(['update', 'create', 'delete']);
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
    expect(saved!.plan).toEqual(plan);
    // `show` renders the saved plan exactly as `plan` rendered the live one.
    expect(renderPlanHuman(saved!.plan, { color: false })).toBe(renderPlanHuman(plan, { color: false }));
  });

  it('reads every change of the same kind into one shape (hidden class), whatever its position in the file', async () => {
    // Objects of one shape share one hidden class; 100,000 changes each with its own cost 29 MB.
    setFlagsFromString('--allow-natives-syntax');
    const sameShape = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const c = catalog(Array.from({ length: 300 }, (_, i) => desired(`AKN-${i}`, { price: dec(String(i + 1)), stock: i })));
    const file = join(dir, 'shape.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    const changes = (await readPlanFile(file)).saved!.plan.changes;
    expect(changes).toHaveLength(300);
    expect(changes.filter((x) => !sameShape(x, changes[0]!)).map((x) => x.sku)).toEqual([]);
  });

  it('never writes the token', async () => {
    const token = 'sk-secret-token-value';
    const c = catalog([desired('AKN-1')]);
    const file = join(dir, 'token.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/authorization|token/i);
  });

  it('refuses an unknown version, a file that is not a plan, and a plan of another repository', async () => {
    const c = catalog([desired('AKN-1')]);
    const file = join(dir, 'v.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    const data = readFileSync(file);
    const [header, ...changes] = linesOf(file);
    writeLines(file, [{ ...header, shelf_plan_version: 99 }, ...changes]);
    const future = (await readPlanFile(file)).diagnostics;
    expect(future.map((d) => d.code)).toEqual(['plan-file-version']);
    expect(future[0]!.summary).toContain('is a plan of version 99; this shelf reads version 3');
    // A plan of the previous format (one JSON document) is refused by its version, read from its first bytes.
    writeFileSync(file, JSON.stringify({ shelf_plan_version: 2, plan: { changes: [] } }));
    const older = (await readPlanFile(file)).diagnostics;
    expect(older.map((d) => d.code)).toEqual(['plan-file-version']);
    expect(older[0]!.summary).toContain('is a plan of version 2; this shelf reads version 3');
    expect(older[0]!.detail).toBe('Make the plan again with this version of shelf.');
    writeFileSync(file, '{"hello": 1}');
    expect((await readPlanFile(file)).diagnostics.map((d) => d.code)).toEqual(['plan-file-invalid']);
    writeLines(file, [{ hello: 1 }]);
    expect((await readPlanFile(file)).diagnostics.map((d) => d.code)).toEqual(['plan-file-invalid']);
    expect((await readPlanFile(join(dir, 'missing.plan'))).diagnostics.map((d) => d.code)).toEqual(['plan-file-unreadable']);

    writeFileSync(file, data);
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
    const [header, change] = linesOf(file);
    expect((await readPlanFile(file)).diagnostics).toEqual([]);

    change.before.stock = -2;
    writeLines(file, [header, change]);
    const negative = await readPlanFile(file);
    expect(negative.saved).toBeUndefined();
    expect(negative.diagnostics.map((x) => x.code)).toEqual(['plan-file-invalid']);
    expect(negative.diagnostics[0]!.summary).toContain('plan.changes[0].before.stock is not a whole number');

    change.before.stock = 3;
    change.after.price = 10.5;
    writeLines(file, [header, change]);
    expect((await readPlanFile(file)).diagnostics[0]!.summary).toContain('plan.changes[0].after.price is not a decimal');

    // The per-field changes are made again from the records: a `changed` list they do not give is refused.
    change.after.price = '10.00';
    change.changed = ['stock', 'name'];
    writeLines(file, [header, change]);
    const mismatch = (await readPlanFile(file)).diagnostics;
    expect(mismatch.map((x) => x.code)).toEqual(['plan-file-invalid']);
    expect(mismatch[0]!.summary).toContain('plan.changes[0].changed (stock, name) is not what its records change (stock)');
    expect(mismatch[0]!.detail).toBe('Make the plan again with `shelf plan --out`.');
  });

  it('refuses a damaged or cut-short file, saying to make the plan again', async () => {
    const c = catalog(Array.from({ length: 50 }, (_, i) => desired(`AKN-${i}`, { price: dec(`${i + 1}`), stock: i })));
    const file = join(dir, 'cut.plan');
    await writePlanFile(file, diffCatalog(c, []), { settings: c.settings, apiBaseUrl: API });
    const whole = readFileSync(file);

    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = await readPlanFile(file);
    expect(truncated.saved).toBeUndefined();
    expect(truncated.diagnostics.map((x) => x.code)).toEqual(['plan-file-invalid']);
    expect(truncated.diagnostics[0]!.summary).toMatch(/cut\.plan is damaged or cut short \(unexpected end of file\)/);
    expect(truncated.diagnostics[0]!.detail).toBe('Make the plan again with `shelf plan --out`.');

    const damaged = Buffer.from(whole);
    damaged[Math.floor(whole.length / 2)]! ^= 0xff;
    writeFileSync(file, damaged);
    // zlib's checksum or block checks fail, or what the damaged bytes decode to is not a plan.
    const garbled = await readPlanFile(file);
    expect(garbled.saved).toBeUndefined();
    expect(garbled.diagnostics.map((x) => x.code)).toEqual(['plan-file-invalid']);

    // Whole lines missing from a sound gzip stream: the header's count tells.
    writeFileSync(file, whole);
    const [header, ...changes] = linesOf(file);
    writeLines(file, [header, ...changes.slice(0, 10)]);
    const short = (await readPlanFile(file)).diagnostics;
    expect(short.map((x) => x.code)).toEqual(['plan-file-invalid']);
    expect(short[0]!.summary).toContain('is cut short: it holds 10 of its 50 changes');
  });
});
