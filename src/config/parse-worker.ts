/** Worker thread of parse-pool: parses one catalog file per message. */
import { parentPort } from 'node:worker_threads';
import { parseCatalogFile } from './parse-file.js';

parentPort?.on('message', (job: { file: string; bytes: Uint8Array }) => {
  parentPort?.postMessage(parseCatalogFile(job.bytes, job.file));
});
