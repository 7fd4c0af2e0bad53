/**
 * apply against the sandbox's storm (30 % 429, 10 % 5xx, 3 % dropped connections, half of them
 * after the work was done), for 20 seeds: every run converges to the exact remote state with
 * exit 0, and no SKU is in two accepted writes of one kind (a write whose answer was lost is
 * read back, not sent again blindly). Time-scaled 100 times so 20 runs stay fast.
 */
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { recordingIO } from '../support/recording-io.js';
import { makeRepo } from '../support/repo.js';
import { startSandbox } from '../support/sandbox-harness.js';
import { tshirtCatalog } from './fixtures.js';

const SCALE = 100;
const SHELF_YAML =
  `seller_center:\n  rate_limits:\n    products: 10/${60_000 / SCALE}ms\n    categories: 30/${60_000 / SCALE}ms\n` +
  'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n';
const STORM = { rate429: 0.3, rate5xx: 0.1, rateDrop: 0.03, dropAfter: 0.5 };
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const N = 12;

/** Faults drawn over all seeds (one short run may draw none of a kind). */
const drawn = new Map<string, number>();

describe('apply under the storm, 20 seeds', () => {
  it.each(SEEDS)('seed %i: exit 0, the exact remote state, no SKU in two accepted writes of one kind', async (seed) => {
    const sb = await startSandbox({ timeScale: SCALE, faults: { ...STORM, seed } });
    try {
      const root = await makeRepo({ 'shelf.yaml': SHELF_YAML, 'catalog/tees.yaml': tshirtCatalog(N) });
      const io = recordingIO(root, sb.env);
      const code = await runApply({ path: '.', autoApprove: true, target: [] }, io);
      expect(code, io.err() + io.out()).toBe(0);
      const state = sb.sandbox.dumpState();
      const products = state.products as { sku: string; stock?: number; price?: string }[];
      expect(products.map((p) => [p.sku, p.stock]).sort()).toEqual(
        Array.from({ length: N }, (_, i) => [`TEE-${String(i).padStart(3, '0')}`, i + 1]),
      );
      // Each kind's accepted batches together hold each SKU once.
      const items = new Map<string, number>();
      for (const b of state.batches) items.set(b.kind, (items.get(b.kind) ?? 0) + b.items);
      expect(Object.fromEntries(items)).toEqual({ products: N, 'prices-and-stocks': N });
      for (const e of sb.sandbox.requestLog()) if (e.fault) drawn.set(e.fault, (drawn.get(e.fault) ?? 0) + 1);
      expect(await runPlan({ dir: '.', target: [], detailedExitcode: true }, recordingIO(root, sb.env))).toBe(0);
    } finally {
      await sb.close();
    }
  });

  it('the storm was drawn: 429s, 5xx and dropped connections', () => {
    expect(drawn.get('throttle')).toBeGreaterThan(0);
    expect(drawn.get('5xx')).toBeGreaterThan(0);
    expect((drawn.get('drop') ?? 0) + (drawn.get('lost') ?? 0)).toBeGreaterThan(0);
  });
});
