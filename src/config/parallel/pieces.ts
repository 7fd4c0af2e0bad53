/**
 * Reads one piece of a split catalog file (see split.ts) into a partial file result. Only a
 * piece read cleanly counts: on anything else (text outside the fast reader's subset, a schema
 * error, any diagnostic) it returns undefined and the caller reads the whole file as one, so
 * diagnostics and their positions are always those of the whole file.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { buildCatalogFile, type CatalogFileResult } from '../build-file.js';
import { parseCatalogFile } from '../parse-file.js';
import { schemaValidator } from '../schemas.js';
import type { FilePiece } from './split.js';
import { fastParse } from '../yaml/fast-parse.js';
import { toPlain } from '../yaml/to-plain.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseCatalogPiece(file: string, piece: FilePiece): CatalogFileResult | undefined {
  let body: string;
  try {
    body = strictUtf8.decode(piece.bytes);
  } catch {
    return undefined;
  }
  // The section's key on the line just before the piece's first entry, as in the file.
  const parsed = fastParse(`${piece.section}:\n${body}`, piece.firstLine - 1);
  if (parsed?.root?.kind !== 'map') return undefined;
  if (!schemaValidator('catalog')(toPlain(parsed.root))) return undefined;
  const diagnostics: Diagnostic[] = [];
  const result = buildCatalogFile(file, parsed.root, [], diagnostics);
  return diagnostics.length === 0 ? result : undefined;
}

/** One unit of parsing work: a whole file, or (with `section`) one piece of a split file. */
export interface ParseJob {
  file: string;
  bytes: Uint8Array;
  section?: FilePiece['section'];
  firstLine?: number;
}

/** A whole file always has a result; a piece has none when the file must be read whole. */
export function runParseJob(job: ParseJob): CatalogFileResult | undefined {
  if (job.section === undefined) return parseCatalogFile(job.bytes, job.file);
  return parseCatalogPiece(job.file, { section: job.section, bytes: job.bytes, firstLine: job.firstLine ?? 1 });
}
