/** Worker thread of pool.ts: given the jobs, claims them through the shared counter until none are left. */
import { parentPort, workerData } from 'node:worker_threads';
import { runParseJob } from './pieces.js';
import type { WorkerInput, WorkerJobs } from './pool.js';
import { encodeFileResult } from './wire.js';

const { next } = workerData as WorkerInput;
parentPort?.once('message', ({ jobs }: WorkerJobs) => {
  for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
    const result = runParseJob(jobs[index]!);
    parentPort?.postMessage({ index, result: result ? encodeFileResult(result) : null });
  }
});
