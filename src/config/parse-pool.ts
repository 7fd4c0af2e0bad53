/**
 * Parsing YAML is the slow part of loading a large catalog; files are independent, so large
 * catalogs are parsed in worker threads, one per core. Workers need the compiled JavaScript:
 * when this module runs from TypeScript sources (tests), parsing stays in this thread.
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

export function shouldUseWorkers(inputs: readonly { bytes: Uint8Array }[]): boolean {
  if (inputs.length < 2 || availableParallelism() < 2) return false;
  const total = inputs.reduce((n, i) => n + i.bytes.byteLength, 0);
  return total >= WORKER_THRESHOLD_BYTES && existsSync(fileURLToPath(workerUrl));
}

interface Job {
  index: number;
  file: string;
  bytes: Uint8Array;
}

/** Parses every input; results come back in input order. The biggest files are handed out first. */
export async function parseFilesInWorkers(inputs: readonly { file: string; bytes: Uint8Array }[]): Promise<CatalogFileResult[]> {
  const queue: Job[] = inputs.map((i, index) => ({ index, ...i })).sort((a, b) => b.bytes.byteLength - a.bytes.byteLength);
  const results: CatalogFileResult[] = new Array(inputs.length);
  // The main thread parses too, so one worker fewer than there are cores.
  const workerCount = Math.min(availableParallelism() - 1, queue.length - 1);
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerUrl);
      const next = () => {
        const job = queue.shift();
        if (!job) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.once('message', (result: WireFileResult) => {
          // Hand the worker its next file before decoding, so it never waits on this thread.
          next();
          results[job.index] = decodeFileResult(result);
        });
        worker.postMessage({ file: job.file, bytes: job.bytes });
      };
      worker.once('error', reject);
      next();
    });
  const inMain = async () => {
    for (;;) {
      const job = queue.shift();
      if (!job) return;
      results[job.index] = parseCatalogFile(job.bytes, job.file);
      // Let worker messages through between files.
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all([...Array.from({ length: workerCount }, runWorker), inMain()]);
  return results;
}
