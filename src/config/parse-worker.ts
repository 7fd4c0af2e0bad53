/** Worker thread of parse-pool: parses one catalog file per message, answering in the compact wire form. */
import { parentPort } from 'node:worker_threads';
import { parseCatalogFile } from './parse-file.js';
import { encodeFileResult } from './wire.js';

parentPort?.on('message', (job: { file: string; bytes: Uint8Array }) => {
  parentPort?.postMessage(encodeFileResult(parseCatalogFile(job.bytes, job.file)));
});
