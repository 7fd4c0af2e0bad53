/**
 * A failed pre-flight replaces the plan in every format: the reviewer reads what to fix, never
 * a plan that cannot be applied. Pre-flight warnings go with the plan, with their file and line.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { diffCatalog } from '../../src/plan/diff.js';
import { planView, type PlanViewKind } from '../../src/views/plan-view.js';
import { catalog, desired } from '../plan/build.js';

function capture(kind: PlanViewKind) {
  let stdout = '';
  let stderr = '';
  const view = planView(
    { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin: Readable.from([]), color: false },
    kind,
  );
  return { view, out: () => stdout, err: () => stderr };
}

const plan = diffCatalog(catalog([desired('AKN-1'), desired('AKN-2')]), []);
const error: Diagnostic = {
  severity: 'error',
  code: 'attribute-value-not-allowed',
  summary: 'AKN-1: COLOR "Purple" is not an allowed value in category Clothing > T-shirts',
  detail: 'Values must match exactly. Allowed values: Red, Black.',
  sku: 'AKN-1',
  source: { file: 'catalog/a.yaml', line: 7, column: 18 },
};
const warning: Diagnostic = {
  severity: 'warning',
  code: 'attribute-not-in-category',
  summary: 'AKN-2: category Clothing > T-shirts does not define the attribute COLOUR',
  detail: 'Did you mean COLOR?',
  sku: 'AKN-2',
  source: { file: 'catalog/a.yaml', line: 15, column: 20 },
};

describe('plan output on a failed pre-flight', () => {
  it('human: no plan on stdout; the diagnostics, then why there is no plan, on stderr', () => {
    const c = capture('human');
    c.view.planShown(plan, [error, warning], true, [error, warning]);
    c.view.diagnostics([error, warning], '/nowhere');
    expect(c.out()).toBe('');
    expect(c.err()).toMatch(/^Error: AKN-1: COLOR "Purple"/);
    expect(c.err()).toMatch(/\nNo plan: the pre-flight checks found 1 error, and nothing was written\. Fix it and plan again\.\n$/);
  });

  it('json: one document listing the errors, no resource_changes', () => {
    const c = capture('json');
    c.view.planShown(plan, [error, warning], true, [error, warning]);
    const doc = JSON.parse(c.out()) as Record<string, unknown>;
    expect(doc.resource_changes).toBeUndefined();
    expect(doc.errors).toEqual([expect.objectContaining({ code: 'attribute-value-not-allowed', sku: 'AKN-1' })]);
  });

  it('markdown: the pre-flight diagnostics with file and line, no plan', () => {
    const c = capture('markdown');
    c.view.planShown(plan, [error, warning], true, [error, warning]);
    const md = c.out();
    expect(md).toContain('**Pre-flight failed (1 error, 1 warning):**');
    expect(md).toContain('| error | `catalog/a.yaml:7:18` | `AKN-1` | AKN-1: COLOR "Purple" is not an allowed value');
    expect(md).toContain('| warning | `catalog/a.yaml:15:20` | `AKN-2` |');
    expect(md).not.toContain('to add');
  });

  it('markdown: pre-flight warnings with file and line follow a plan that passed', () => {
    const c = capture('markdown');
    c.view.planShown(plan, [warning], false, [warning]);
    const md = c.out();
    expect(md).toContain('Plan: 2 to add');
    expect(md).toContain('**Pre-flight warnings:**');
    expect(md).toContain('| warning | `catalog/a.yaml:15:20` | `AKN-2` |');
  });

  it('a refusal that is not a pre-flight check (no pre-flight error) still shows the plan', () => {
    const c = capture('human');
    c.view.planShown(plan, [{ severity: 'error', code: 'plan-file-unwritable', summary: 'Cannot write the plan file x' }], true, []);
    expect(c.out()).toContain('Plan: 2 to add');
  });
});
