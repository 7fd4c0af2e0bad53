/**
 * Linking offers to the marketplace catalog end to end, with the built CLI against the sandbox:
 * a uuid PRD108 does not know stops plan and apply before any write; one found with
 * `shelf search` is shown by name, applied, and re-planned clean without another search.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../support/cli.js';
import { removeRepos } from '../support/repo.js';
import { type RunningSandbox, startSandbox } from '../support/sandbox-harness.js';
import { productYaml, TIME_SCALE, writeRepo } from '../plan/e2e-fixtures.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

let harness: RunningSandbox | undefined;
beforeAll(() => requireBuiltCli());
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(() => removeRepos());

const searches = (h: RunningSandbox) => h.count('GET', '/api/i2/products/search/');
const writes = (h: RunningSandbox) => h.sandbox.requestLog().filter((e) => e.method !== 'GET');
const linkedCatalog = (uuid: string) => ({
  'catalog/products.yaml': `products:\n${productYaml('AKN-LINK-M', `    product: ${uuid}\n`)}${productYaml('AKN-PLAIN-M')}`,
});

describe('product: links against the sandbox', () => {
  it('refuses a uuid the marketplace catalog does not know, at its line, before any write', { timeout: 60_000 }, async () => {
    harness = await startSandbox({ timeScale: TIME_SCALE });
    const repo = writeRepo('', linkedCatalog(UNKNOWN));
    const plan = await runCli(['plan', repo], harness.env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`Error: Catalog product ${UNKNOWN} is not in the marketplace catalog (linked by AKN-LINK-M)`);
    // The entry starts on line 2; `product:` is its eighth line.
    expect(plan.stderr).toContain('on catalog/products.yaml:9:5, in product AKN-LINK-M:');
    expect(plan.stderr).toContain('shelf search');
    const apply = await runCli(['apply', repo, '--auto-approve'], harness.env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`Catalog product ${UNKNOWN} is not in the marketplace catalog`);
    expect(writes(harness)).toEqual([]);
    // One search per run, for the one new uuid.
    expect(searches(harness)).toBe(2);
  });

  it('shows a found link by name, applies it, and re-plans clean without searching again', { timeout: 90_000 }, async () => {
    harness = await startSandbox({ timeScale: TIME_SCALE });
    const found = await runCli(['search', 'Akinon Red', '--json'], harness.env);
    expect(found.code).toBe(0);
    const uuid = (JSON.parse(found.stdout) as { results: { id: string }[] }).results[0]!.id;
    const repo = writeRepo('', linkedCatalog(uuid.toUpperCase()));

    const plan = await runCli(['plan', repo], harness.env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`\\+ product +\\= "${uuid}"  # Akinon Red T-shirt\\n`));
    expect(plan.stdout).toMatch(/^Cost: .* Checking the product: links took 1 catalog search \(PRD108\) while planning\.$/m);

    const apply = await runCli(['apply', repo, '--auto-approve'], harness.env);
    expect(apply.code).toBe(0);
    const state = harness.sandbox.dumpState().products as { sku: string; product: string | null }[];
    expect(state.find((p) => p.sku === 'AKN-LINK-M')?.product).toBe(uuid);
    expect(state.find((p) => p.sku === 'AKN-PLAIN-M')?.product).toBeNull();

    const before = searches(harness);
    const again = await runCli(['plan', repo, '--detailed-exitcode'], harness.env);
    expect(again.stdout).toMatch(/^No changes\. The remote catalog matches the configuration\./);
    expect(again.code).toBe(0);
    expect(searches(harness)).toBe(before);
  });
});
