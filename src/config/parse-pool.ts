/**
 * Parsing YAML is the slow part of loading a large catalog; files are independent, so large
 * catalogs are parsed by this thread and worker threads together. Jobs are claimed through a
 * shared atomic counter, so a worker never waits for this thread to hand it work (this thread
 * is busy parsing too). Workers need the compiled JavaScript: when this module runs from
 * TypeScript sources (tests), parsing stays in this thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogFileResult } from './build-file.js';
import { parseCatalogFile } from './parse-file.js';
import { decodeFileResult, type WireFileResult } from './wire.js';

/** Below this many bytes in total, starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

const workerUrl = new URL('./parse-worker.js', import.meta.url);

export interface ParseJob {
  file: string;
  bytes: Uint8Array;
}

/** What a worker is given: every job, and the counter through which it claims the next one. */
export interface WorkerInput {
  jobs: ParseJob[];
  next: Int32Array;
}

export function shouldUseWorkers(inputs: readonly ParseJob[]): boolean {
  if (inputs.length < 2 || availableParallelism() < 2) return false;
  const total = inputs.reduce((n, i) => n + i.bytes.byteLength, 0);
  return total >= WORKER_THRESHOLD_BYTES && existsSync(fileURLToPath(workerUrl));
}

/** Parses every input; results come back in input order. The biggest files are claimed first. */
export async function parseFilesInWorkers(inputs: readonly ParseJob[]): Promise<CatalogFileResult[]> {
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[b]!.bytes.byteLength - inputs[a]!.bytes.byteLength);
  const jobs = order.map((i) => inputs[i]!);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const results: CatalogFileResult[] = new Array(inputs.length);
  const workerCount = Math.min(availableParallelism() - 1, jobs.length - 1);
  const workers = Array.from(
    { length: workerCount },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl, { workerData: { jobs, next } satisfies WorkerInput });
        worker.on('message', (m: { index: number; result: WireFileResult }) => {
          results[order[m.index]!] = decodeFileResult(m.result);
        });
        worker.once('error', reject);
        worker.once('exit', () => resolve());
      }),
  );
  for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
    results[order[index]!] = parseCatalogFile(jobs[index]!.bytes, jobs[index]!.file);
    // Decode the workers' finished files between our own: this thread then claims fewer files,
    // and less is left to do here once parsing ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return results;
}
