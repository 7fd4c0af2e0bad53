/**
 * Lines of text through gzip, streamed both ways: a plan of 100,000 SKUs is written and read
 * a few KB at a time, never held as one string (a document of that size as one JSON string
 * used to double the peak memory of `plan --out` and `apply PLANFILE`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';

/** Lines are handed to gzip in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

export const GZIP_MAGIC = [0x1f, 0x8b] as const;

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
 * The lines of a gzipped file, as they are decompressed. A damaged or cut-short file throws
 * zlib's error (a truncated gzip stream fails its length and checksum trailer).
 */
export async function* readGzipLines(path: string): AsyncGenerator<string> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of source.pipe(gunzip)) {
      const text = rest + decoder.write(chunk as Buffer);
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        yield text.slice(start, end);
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
