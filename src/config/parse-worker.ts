/** Worker thread of parse-pool: given the jobs, claims them through the shared counter until none are left. */
import { parentPort, workerData } from 'node:worker_threads';
import { runParseJob } from './parse-piece.js';
import type { WorkerInput, WorkerJobs } from './parse-pool.js';
import { encodeFileResult } from './wire.js';

const { next } = workerData as WorkerInput;
parentPort?.once('message', ({ jobs }: WorkerJobs) => {
  for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
    const result = runParseJob(jobs[index]!);
    parentPort?.postMessage({ index, result: result ? encodeFileResult(result) : null });
  }
});
