/**
 * Parsing YAML is the slow part of loading a large catalog; files are independent (and large
 * ones are cut into pieces of whole entries), so large catalogs are parsed by this thread and
 * worker threads together. Jobs are claimed through a
 * shared atomic counter, so a worker never waits for this thread to hand it work (this thread
 * is busy parsing too). Workers need the compiled JavaScript: when this module runs from
 * TypeScript sources (tests), parsing stays in this thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogFileResult } from './build-file.js';
import { joinPieceResults } from './join-pieces.js';
import { parseCatalogFile } from './parse-file.js';
import { type ParseJob, runParseJob } from './parse-piece.js';
import { type FilePiece, splitCatalogBytes } from './split-file.js';
import { decodeFileResult, type WireFileResult } from './wire.js';

/** Below this many bytes in total, starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/**
 * Large files are shared out in pieces of about this size: small enough that both threads
 * finish together and a piece's tree is collected young, large enough that per-piece costs
 * (a message, a schema check call) stay negligible.
 */
const PIECE_BYTES = 32 * 1024;

const workerUrl = new URL('./parse-worker.js', import.meta.url);

export interface ParseInput {
  file: string;
  bytes: Uint8Array;
}

/** What a worker starts with: the counter through which it claims jobs. */
export interface WorkerInput {
  next: Int32Array;
}

/** The one message a worker then receives: every job. */
export interface WorkerJobs {
  jobs: ParseJob[];
}

export function shouldUseWorkers(inputs: readonly ParseInput[]): boolean {
  if (availableParallelism() < 2) return false;
  const total = inputs.reduce((n, i) => n + i.bytes.byteLength, 0);
  return total >= WORKER_THRESHOLD_BYTES && existsSync(fileURLToPath(workerUrl));
}

/** Whole files that cannot be split come first (biggest first), then every piece in file order. */
function planJobs(inputs: readonly ParseInput[]): { jobs: ParseJob[]; pieces: (FilePiece[] | undefined)[] } {
  const pieces = inputs.map((i) => splitCatalogBytes(i.bytes, PIECE_BYTES));
  const whole = inputs.filter((_, i) => !pieces[i]).sort((a, b) => b.bytes.byteLength - a.bytes.byteLength);
  const jobs: ParseJob[] = whole.map((i) => ({ file: i.file, bytes: i.bytes }));
  inputs.forEach((input, i) => {
    for (const p of pieces[i] ?? []) jobs.push({ file: input.file, bytes: p.bytes, section: p.section, firstLine: p.firstLine });
  });
  return { jobs, pieces };
}

/** Parses every input; results come back in input order, each as if the file had been read whole. */
export async function parseFilesInWorkers(inputs: readonly ParseInput[]): Promise<CatalogFileResult[]> {
  const next = new Int32Array(new SharedArrayBuffer(4));
  // Workers start first: their start-up overlaps with cutting the files into jobs.
  const workers = Array.from({ length: availableParallelism() - 1 }, () => new Worker(workerUrl, { workerData: { next } satisfies WorkerInput }));
  const { jobs, pieces } = planJobs(inputs);
  const done: (CatalogFileResult | undefined)[] = new Array(jobs.length);
  const finished = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        worker.on('message', (m: { index: number; result: WireFileResult | null }) => {
          done[m.index] = m.result ? decodeFileResult(m.result) : undefined;
        });
        worker.once('error', reject);
        worker.once('exit', () => resolve());
        worker.postMessage({ jobs } satisfies WorkerJobs);
      }),
  );
  for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
    done[index] = runParseJob(jobs[index]!);
    // Decode the workers' finished jobs between our own: this thread then claims fewer jobs,
    // and less is left to do here once parsing ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(finished);
  return assemble(inputs, jobs, pieces, done);
}

function assemble(
  inputs: readonly ParseInput[],
  jobs: readonly ParseJob[],
  pieces: readonly (FilePiece[] | undefined)[],
  done: readonly (CatalogFileResult | undefined)[],
): CatalogFileResult[] {
  const byFile = new Map<string, number[]>();
  jobs.forEach((job, j) => {
    const list = byFile.get(job.file);
    if (list) list.push(j);
    else byFile.set(job.file, [j]);
  });
  return inputs.map((input, i) => {
    const js = byFile.get(input.file)!;
    const split = pieces[i];
    if (!split) return done[js[0]!]!;
    const parts = js.map((j) => done[j]);
    const joined = parts.every((r) => r !== undefined) ? joinPieceResults(input.file, split, parts) : undefined;
    // A piece not read cleanly: the whole file is read again, for its diagnostics and positions.
    return joined ?? parseCatalogFile(input.bytes, input.file);
  });
}
