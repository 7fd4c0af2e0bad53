/**
 * Knowing a large catalog file is unchanged without reading it. Reading and hashing 25 MB of
 * YAML only to find its parse-cache entry was a tenth of a plan from the snapshot. Beside each
 * entry, `.shelf/parsed/<name>.file.json` records the file's identity on disk (size, inode,
 * device, modification and status-change times, in nanoseconds) and the hash of its bytes.
 *
 * An identity is trusted only if, when it was recorded, the file had not changed for
 * RACY_MS: a write lands in a new timestamp then, so a changed file cannot keep its identity
 * (the status-change time is set by the system on every write, and no tool can set it back).
 * A file changed just before it was recorded is hashed again next time, as is any file whose
 * identity differs (a fresh checkout gives every file a new one): the hash of its bytes decides.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** How long a file must have been unchanged for its identity to vouch for its bytes. */
export const RACY_MS = 2_000;

export interface FileIdentity {
  size: string;
  ino: string;
  dev: string;
  mtimeNs: string;
  ctimeNs: string;
}

export function identityOf(stats: BigIntStats): FileIdentity {
  return { size: String(stats.size), ino: String(stats.ino), dev: String(stats.dev), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes read at a time by fileContentHash: small enough to stay in the processor's cache. */
const HASH_CHUNK_BYTES = 1 << 20;

/**
 * contentHash of the file's bytes, read a piece at a time into one small buffer: when the hash
 * finds a cached parse, the file is never needed whole. Reading 25 MB into fresh memory only to
 * hash it cost three times the hashing itself.
 */
export async function fileContentHash(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

interface Record {
  identity: FileIdentity;
  hash: string;
}

const sameIdentity = (a: FileIdentity, b: FileIdentity) =>
  a.size === b.size && a.ino === b.ino && a.dev === b.dev && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** The hash of the file's bytes, if its recorded identity vouches for them; undefined otherwise. */
export async function trustedHash(recordFile: string, identity: FileIdentity): Promise<string | undefined> {
  let record: Partial<Record>;
  try {
    record = JSON.parse(await readFile(recordFile, 'utf8')) as Partial<Record>;
  } catch {
    return undefined;
  }
  if (typeof record.hash !== 'string' || typeof record.identity !== 'object' || record.identity === null) return undefined;
  return sameIdentity(record.identity, identity) ? record.hash : undefined;
}

/**
 * The record to keep for a file with this identity and bytes of this hash, or undefined if the
 * file had changed less than RACY_MS before its identity was taken (`seenAt`, this machine's
 * clock, as the file times are).
 */
export function identityRecord(identity: FileIdentity, hash: string, seenAt: number): string | undefined {
  const changedAt = Number(BigInt(identity.ctimeNs) / 1_000_000n);
  if (!(seenAt - changedAt >= RACY_MS)) return undefined;
  const record: Record = { identity, hash };
  return JSON.stringify(record);
}
