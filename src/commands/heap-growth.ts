/**
 * How far the V8 heap may grow past what the last full garbage collection kept before it collects
 * again. V8 decides from how fast the program allocates, up to 4 times on a machine with a few GB
 * of memory; shelf's large runs allocate fast, so they got 4 times. For `import` of 100,000 SKUs,
 * the last full collection of the remote read kept ~80 MB, and the heap then grew to ~390 MB
 * (the YAML written, the snapshot encoded, the catalog parsed back: mostly garbage) before the
 * next: a peak RSS of ~600 MB of which ~190 MB were live. `plan --out` and `apply PLANFILE`
 * peaked the same way. At most twice what was kept, import peaks at ~440 MB, for a few more
 * collections (each of some 10 to 50 ms).
 *
 * The flag is read at every collection, so setting it once the process runs takes effect from the
 * next one, for worker threads too.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow by this much (100 = to twice) past what the last full collection kept. */
export const HEAP_GROWING_PERCENT = 100;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
