/**
 * Golden outputs of the plan views. Run with UPDATE_GOLDEN=1 to rewrite the files after an
 * intended change, then review the diff of test/golden/plan like any other code change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { checkGuards } from '../../src/plan/guards.js';
import type { Plan } from '../../src/plan/types.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { renderPlanErrorsJson, renderPlanJson } from '../../src/views/plan-json.js';
import { MARKDOWN_LIMIT, renderPlanMarkdown } from '../../src/views/plan-markdown.js';
import { GOLDEN_CASES } from './golden-cases.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'plan');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, file: string, actual: string): void {
  const path = join(goldenDir, name, file);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`missing golden file ${path}; run with UPDATE_GOLDEN=1`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function planOf(name: string): Plan {
  const c = GOLDEN_CASES[name]!();
  return diffCatalog(c.catalog, c.remote);
}

describe('golden plan views', () => {
  for (const name of Object.keys(GOLDEN_CASES).filter((n) => n !== 'truncation-2000')) {
    it(`renders ${name} as human text, JSON and markdown`, () => {
      const c = GOLDEN_CASES[name]!();
      const plan = diffCatalog(c.catalog, c.remote);
      const refusals = checkGuards(plan, c.catalog, c.remote.length, {});
      golden(name, 'human.txt', renderPlanHuman(plan, { color: false }));
      // A refused plan prints its errors as the JSON document instead of the plan.
      golden(name, 'json.json', refusals.length > 0 ? renderPlanErrorsJson(refusals) : renderPlanJson(plan));
      golden(name, 'markdown.md', renderPlanMarkdown(plan, { refusals }));
      if (name === 'guards-refused') expect(refusals.map((r) => r.summary)).toEqual(['6 deletions is over the limit of 2 (20% of 10)']);
      else expect(refusals).toEqual([]);
    });
  }

  it('truncates a 2,000-SKU markdown plan under the limit and says how much was left out', () => {
    const plan = planOf('truncation-2000');
    expect(plan.summary).toEqual({ add: 1333, change: 667, destroy: 0, unchanged: 0 });
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    const m = /showing (\d+) of 2000 changed SKUs; (\d+) more/.exec(md);
    expect(m).not.toBeNull();
    const shown = Number(m![1]);
    expect(shown + Number(m![2])).toBe(2000);
    // Exactly the SKUs said to be shown are in the comment.
    expect(md).toContain(`${plan.changes[shown - 1]!.sku} (`);
    expect(md).not.toContain(`${plan.changes[shown]!.sku} (`);
    // The summary stays outside the collapsed block.
    expect(md.indexOf('Plan: 1333 to add, 667 to change, 0 to destroy.')).toBeLessThan(md.indexOf('<details>'));
    golden('truncation-2000', 'markdown.md', md);
    // Human and JSON views are never truncated.
    expect(renderPlanHuman(plan, { color: false })).toContain(plan.changes[1999]!.sku);
    expect((JSON.parse(renderPlanJson(plan)) as { resource_changes: unknown[] }).resource_changes).toHaveLength(2000);
  });
});
