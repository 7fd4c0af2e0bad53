/**
 * Lines of text through gzip, streamed both ways: a plan of 100,000 SKUs is written and read
 * a few KB at a time, never held as one string (a document of that size as one JSON string
 * used to double the peak memory of `plan --out` and `apply PLANFILE`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** Lines are handed to gzip in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

export const GZIP_MAGIC = [0x1f, 0x8b] as const;

const NEWLINE = 0x0a;

function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Writes `lines` (each without its newline) gzipped to `path`, created with `mode`. */
export async function writeGzipLines(path: string, lines: Iterable<string>, mode: number): Promise<void> {
  await pipeline(Readable.from(chunked(lines)), createGzip(), createWriteStream(path, { mode }));
}

/**
 * Decompressed text is taken in pieces of this size (zlib's default is 16 KB): fewer, larger
 * pieces cost less per line (`show` of 100,000 SKUs waited on 5,000 small ones).
 */
const READ_CHUNK = 256 * 1024;

/**
 * The lines of a gzipped file, as they are decompressed, a piece's worth at a time (a line per
 * step of an async iteration costs more than the line). A damaged or cut-short file throws
 * zlib's error (a truncated gzip stream fails its length and checksum trailer).
 */
export async function* readGzipLineBatches(path: string): AsyncGenerator<string[]> {
  const source = createReadStream(path, { highWaterMark: READ_CHUNK });
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  source.on('error', (err) => gunzip.destroy(err));
  // Split on the bytes: a newline is never part of a longer UTF-8 sequence, so each line is
  // decoded whole, and only a line cut by a piece's end is copied.
  let rest: Buffer | undefined;
  try {
    for await (const piece of source.pipe(gunzip)) {
      const bytes = rest ? Buffer.concat([rest, piece as Buffer]) : (piece as Buffer);
      const lines: string[] = [];
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        lines.push(bytes.toString('utf8', start, end));
        start = end + 1;
      }
      rest = start < bytes.length ? bytes.subarray(start) : undefined;
      if (lines.length > 0) yield lines;
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  if (rest) yield [rest.toString('utf8')];
}
