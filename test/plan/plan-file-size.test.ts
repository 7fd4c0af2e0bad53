import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAllNewRepo } from '../../bench/all-new-catalog.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { readPlanFile, writePlanFile } from '../../src/plan/plan-file.js';

describe('plan file size', () => {
  it('is at most half the catalog YAML of the same SKUs, all new, and reads back whole', async () => {
    const root = mkdtempSync(join(tmpdir(), 'shelf-plan-size-'));
    const yamlBytes = await writeAllNewRepo(root, 3000);
    const catalog = await loadCatalog(root);
    expect(catalog.diagnostics).toEqual([]);
    const plan = diffCatalog(catalog, []);
    expect(plan.summary.add).toBe(3000);
    const file = join(root, 'all.plan');
    await writePlanFile(file, plan, { settings: catalog.settings, apiBaseUrl: 'https://seller.example.com/api' });
    const planBytes = statSync(file).size;
    expect(planBytes).toBeLessThanOrEqual(yamlBytes / 2);
    const { saved, diagnostics } = await readPlanFile(file);
    expect(diagnostics).toEqual([]);
    expect(saved!.plan).toEqual(plan);
  });
});
