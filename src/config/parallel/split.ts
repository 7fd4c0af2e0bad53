/**
 * Cuts a large catalog file into pieces of whole top-level entries (products, families, feed
 * entries), so both threads can share one file and each piece's tree dies young instead of a
 * 4 MB file's tree living through several garbage collections.
 *
 * It only cuts files of the plain shape every generated or hand-written catalog has: known
 * top-level keys alone on their line, each followed by entries at one indent. Anything else
 * (comments after a key, flow values, odd indents, bytes outside printable ASCII between
 * entries) returns undefined and the file is read whole. A piece is only a hint: if any piece
 * is not read cleanly (see pieces.ts), the whole file is read again as one.
 */

export type Section = 'products' | 'families' | 'prices' | 'stocks';

/** The order build-file.ts reads sections in, whatever their order in the file. */
export const SECTION_RANK: Record<Section, number> = { products: 0, families: 1, prices: 2, stocks: 3 };

export interface FilePiece {
  section: Section;
  /** Whole entries of that section, as written (a view into the file's bytes). */
  bytes: Uint8Array;
  /** The file's line number of the piece's first line. */
  firstLine: number;
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;

const HEADERS = new Map<string, Section>([
  ['products:', 'products'],
  ['families:', 'families'],
  ['prices:', 'prices'],
  ['stocks:', 'stocks'],
]);

/** Printable ASCII only: lines outside every piece must hold nothing the fast reader would refuse. */
function printableAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i]! < SPACE || bytes[i]! > 126) return false;
  return true;
}

function dashAt(bytes: Uint8Array, at: number, end: number): boolean {
  return bytes[at] === DASH && (at + 1 === end || bytes[at + 1] === SPACE);
}

function headerAt(bytes: Uint8Array, start: number, end: number, next: number): Section | undefined {
  if (end - start > 16 || !printableAscii(bytes, start, next)) return undefined;
  return HEADERS.get(String.fromCharCode(...bytes.subarray(start, end)));
}

/** Pieces of about `pieceBytes` each, in file order; undefined when the file should be read whole. */
export function splitCatalogBytes(bytes: Uint8Array, pieceBytes: number): FilePiece[] | undefined {
  const pieces: FilePiece[] = [];
  const seen = new Set<Section>();
  let section: Section | undefined;
  let itemIndent = -1;
  let isSeq = false;
  let pieceStart = -1;
  let pieceLine = 0;
  const close = (at: number) => {
    if (section && pieceStart !== -1) pieces.push({ section, bytes: bytes.subarray(pieceStart, at), firstLine: pieceLine });
    pieceStart = -1;
  };
  let line = 0;
  let next: number;
  for (let start = 0; start < bytes.length; start = next + 1) {
    next = bytes.indexOf(NL, start);
    if (next === -1) next = bytes.length;
    line += 1;
    let end = next;
    if (end > start && bytes[end - 1] === CR) end -= 1;
    while (end > start && bytes[end - 1] === SPACE) end -= 1;
    let indent = 0;
    while (start + indent < end && bytes[start + indent] === SPACE) indent++;
    const at = start + indent;
    if (at === end || bytes[at] === HASH) {
      // Blank or comment: it stays with its piece; outside any piece it must be harmless alone.
      if (pieceStart === -1 && !printableAscii(bytes, start, next)) return undefined;
      continue;
    }
    const dash = dashAt(bytes, at, end);
    if (section && itemIndent === -1 && (indent > 0 || dash)) {
      itemIndent = indent;
      isSeq = dash;
    }
    if (section && indent === itemIndent && dash === isSeq) {
      // An entry starts here: a sequence item, or a mapping key.
      if (pieceStart !== -1 && start - pieceStart < pieceBytes) continue;
      close(start);
      pieceStart = start;
      pieceLine = line;
    } else if (pieceStart !== -1 && indent > itemIndent) {
      // Inside the current entry.
    } else {
      const header = indent === 0 ? headerAt(bytes, start, end, next) : undefined;
      if (!header || seen.has(header)) return undefined;
      close(start);
      seen.add(header);
      section = header;
      itemIndent = -1;
    }
  }
  close(bytes.length);
  return pieces.length >= 2 ? pieces : undefined;
}
