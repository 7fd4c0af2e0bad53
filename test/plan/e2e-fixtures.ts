/**
 * What the plan end-to-end tests put on both sides: catalog repositories whose shelf.yaml scales
 * the quota with the sandbox, products as YAML entries and as sandbox seeds, and plan/show run
 * in-process. The sandbox itself and the built CLI come from test/support.
 */
import { makeRepo } from '../support/repo.js';
import { type CliResult } from '../support/cli.js';
import { recordingIO } from '../support/recording-io.js';
import { runPlan } from '../../src/commands/plan.js';
import { runShow } from '../../src/commands/show.js';

/** Sandbox durations run 1000× faster; shelf.yaml scales its quota the same way. */
export const TIME_SCALE = 1000;

/** Writes a catalog repository: shelf.yaml (with a scaled quota) and the given catalog files. */
export function writeRepo(settings: string, files: Record<string, string>): string {
  const quota = `seller_center:\n  rate_limits:\n    products: 10/${60_000 / TIME_SCALE}ms\n    categories: 30/${60_000 / TIME_SCALE}ms\n`;
  return makeRepo({ 'shelf.yaml': quota + settings, ...files });
}

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const CLOTHING = 'c0a80001-0000-4000-8000-000000000001';

/** A YAML product entry. */
export function productYaml(sku: string, extra = ''): string {
  const size = sku.split('-').pop();
  return `  - sku: ${sku}
    base_code: ${sku.split('-').slice(0, 2).join('-')}
    name: Tee ${sku}
    category: ${TSHIRTS}
    attributes: {COLOR: Red, SIZE: ${size}}
    price: "199.90"
    stock: 10
${extra}`;
}

/** The same product as a sandbox seed record. */
export function productSeed(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    sku,
    base_code: sku.split('-').slice(0, 2).join('-'),
    name: `Tee ${sku}`,
    category: TSHIRTS,
    attributes: { COLOR: 'Red', SIZE: sku.split('-').pop()! },
    price: '199.9',
    stock: '10',
    ...overrides,
  };
}

/** Runs `plan` or `show` in-process (no Node start-up): for checks that do not need a real process. */
export async function runInProcess(
  command: 'plan' | 'show',
  args: { dir?: string; file?: string; out?: string; json?: boolean; markdown?: boolean; allowDestroy?: boolean; detailedExitcode?: boolean },
  env: Record<string, string>,
): Promise<CliResult> {
  const io = recordingIO(process.cwd(), env);
  const code =
    command === 'plan'
      ? await runPlan({ dir: args.dir!, target: [], ...args }, io)
      : await runShow({ file: args.file!, ...(args.json ? { json: true } : {}) }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
