/**
 * Parsing YAML is the slow part of loading a large catalog; files are independent (and large
 * ones are cut into pieces of whole entries), so large catalogs are parsed by this thread and
 * worker threads together. Jobs are claimed through a shared atomic counter, so a worker never
 * waits for this thread to hand it work (this thread is busy parsing too). Workers need the
 * compiled JavaScript and a second core: when this module runs from TypeScript sources (tests),
 * or on one core, this thread parses every piece alone. Large files are cut into pieces even
 * then: read whole, a 100,000-SKU file's syntax tree lives all at once (about 270 MB of heap).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SharedValues } from '../../model/shared-values.js';
import type { CatalogFileResult } from '../build-file.js';
import { joinPieceResults } from './join.js';
import { parseCatalogFile } from '../parse-file.js';
import { type ParseJob, runParseJob } from './pieces.js';
import { type FilePiece, splitCatalogBytes } from './split.js';
import { decodeFileResult, type WireFileResult } from './wire.js';

/** Below this many bytes in total, starting workers (or cutting files up) costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/**
 * Large files are shared out in pieces of about this size: small enough that both threads
 * finish together and a piece's tree is collected young, large enough that per-piece costs
 * (a message, a schema check call) stay negligible.
 */
const PIECE_BYTES = 32 * 1024;

const workerUrl = new URL('./worker.js', import.meta.url);

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

/** Whether these inputs are worth parsing in pieces (see parseFilesInPieces). */
export function shouldParseInPieces(inputs: readonly ParseInput[]): boolean {
  return inputs.reduce((n, i) => n + i.bytes.byteLength, 0) >= WORKER_THRESHOLD_BYTES;
}

/** Worker threads to start beside this one: none on one core, or without compiled workers. */
function workerCount(): number {
  return existsSync(fileURLToPath(workerUrl)) ? availableParallelism() - 1 : 0;
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

/**
 * Parses every input and hands each file's result to `deliver` in input order, as soon as that
 * file and every one before it are read (the caller merges them while parsing goes on). Each
 * result is as if the file had been read whole.
 */
export async function parseFilesInPieces(inputs: readonly ParseInput[], deliver: (result: CatalogFileResult) => void): Promise<void> {
  const next = new Int32Array(new SharedArrayBuffer(4));
  // Workers start first: their start-up overlaps with cutting the files into jobs.
  const workers = Array.from({ length: workerCount() }, () => new Worker(workerUrl, { workerData: { next } satisfies WorkerInput }));
  const { jobs, pieces } = planJobs(inputs);
  const collector = new ResultCollector(inputs, jobs, pieces, deliver);
  const finished = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        worker.on('message', (m: { index: number; result: WireFileResult | null }) => {
          collector.done(m.index, m.result ? decodeFileResult(m.result) : undefined);
        });
        worker.once('error', reject);
        worker.once('exit', () => resolve());
        worker.postMessage({ jobs } satisfies WorkerJobs);
      }),
  );
  for (let index = Atomics.add(next, 0, 1); index < jobs.length; index = Atomics.add(next, 0, 1)) {
    collector.done(index, runParseJob(jobs[index]!));
    collector.deliverReady();
    // Decode the workers' finished jobs between our own: this thread then claims fewer jobs,
    // and less is left to do here once parsing ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(finished);
  collector.deliverReady();
}

/** Gathers job results per file and delivers whole files in input order. */
class ResultCollector {
  private readonly results: (CatalogFileResult | undefined)[];
  /** The jobs of each input, and the input of each job. */
  private readonly jobsOf: number[][];
  private readonly jobFile: number[];
  private readonly missing: number[];
  private delivered = 0;
  private readonly shared = new SharedValues();

  constructor(
    private readonly inputs: readonly ParseInput[],
    jobs: readonly ParseJob[],
    private readonly pieces: readonly (FilePiece[] | undefined)[],
    private readonly deliver: (result: CatalogFileResult) => void,
  ) {
    this.results = new Array(jobs.length);
    const fileIndex = new Map(inputs.map((input, i) => [input.file, i]));
    this.jobsOf = inputs.map(() => []);
    jobs.forEach((job, j) => this.jobsOf[fileIndex.get(job.file)!]!.push(j));
    this.missing = this.jobsOf.map((js) => js.length);
    this.jobFile = jobs.map((job) => fileIndex.get(job.file)!);
  }

  done(job: number, result: CatalogFileResult | undefined): void {
    // At once, as results pile up until their file is complete: a 100,000-SKU file is one file.
    if (result) for (const p of result.products) this.shared.product(p);
    this.results[job] = result;
    this.missing[this.jobFile[job]!]! -= 1;
  }

  deliverReady(): void {
    while (this.delivered < this.inputs.length && this.missing[this.delivered] === 0) {
      this.deliver(this.fileResult(this.delivered));
      this.delivered += 1;
    }
  }

  private fileResult(i: number): CatalogFileResult {
    const input = this.inputs[i]!;
    const parts = this.jobsOf[i]!.map((j) => this.results[j]);
    const split = this.pieces[i];
    if (!split) return parts[0]!;
    const joined = parts.every((r) => r !== undefined) ? joinPieceResults(input.file, split, parts) : undefined;
    // A piece not read cleanly: the whole file is read again, for its diagnostics and positions.
    return joined ?? parseCatalogFile(input.bytes, input.file);
  }
}
