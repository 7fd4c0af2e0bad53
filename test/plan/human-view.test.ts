import { describe, expect, it } from 'vitest';
import { diffCatalog } from '../../src/plan/diff.js';
import { formatDuration } from '../../src/views/plan-format.js';
import { renderPlanHuman } from '../../src/views/plan-human.js';
import { catalog, dec, desired, remoteOf } from './build.js';

const ESC = '\u001b[';

describe('human plan view', () => {
  it('prints the exact no-change sentence and nothing else', () => {
    const d = desired('AKN-1');
    expect(renderPlanHuman(diffCatalog(catalog([d]), [remoteOf(d)]), { color: false })).toBe(
      'No changes. The remote catalog matches the configuration.\n',
    );
  });

  it('colours only when allowed', () => {
    const plan = diffCatalog(catalog([desired('AKN-1', { price: dec('1') })]), []);
    expect(renderPlanHuman(plan, { color: false })).not.toContain(ESC);
    const coloured = renderPlanHuman(plan, { color: true });
    expect(coloured).toContain(`${ESC}32m+`);
    expect(coloured).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('states the cost with the rolling-window minimum', () => {
    const many = Array.from({ length: 6500 }, (_, i) => desired(`AKN-${i}`, { price: dec('1'), stock: 1 }));
    const text = renderPlanHuman(diffCatalog(catalog(many), []), { color: false });
    // 7 product batches + 7 offer batches, each one write and at least one poll: 28 requests at 10/min.
    expect(text).toContain(
      'Cost: 28 requests to i2/products (7 product writes, 7 price-and-stock writes, 14 status checks at least), at least 2 min at 10/min.',
    );
  });

  it('formats durations for people', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(78_000)).toBe('1 min 18 s');
    expect(formatDuration(3_600_000 + 300_000)).toBe('1 h 5 min');
  });
});
