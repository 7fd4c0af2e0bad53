/** Worker thread of parse-pool: claims files through the shared counter until none are left. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseCatalogFile } from './parse-file.js';
import type { WorkerInput } from './parse-pool.js';
import { encodeFileResult } from './wire.js';

const { jobs, next } = workerData as WorkerInput;
for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
  const job = jobs[index]!;
  parentPort?.postMessage({ index, result: encodeFileResult(parseCatalogFile(job.bytes, job.file)) });
}
