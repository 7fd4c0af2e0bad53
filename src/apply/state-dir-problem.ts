/**
 * `.shelf/` holds what keeps an apply safe (the journal of accepted batches, the lock). When it
 * cannot be written, apply must stop before its first write and say why, naming the path and
 * the fix — not end as an "unexpected problem" with a stack trace.
 */
import { relative } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';

const REASONS: Record<string, { why: string; fix: string }> = {
  ENOTDIR: { why: 'a file is in the way of the directory', fix: 'Remove or rename the file `.shelf` (shelf keeps its state in a directory of that name).' },
  EEXIST: { why: 'a file is in the way of the directory', fix: 'Remove or rename the file `.shelf` (shelf keeps its state in a directory of that name).' },
  EACCES: { why: 'permission denied', fix: 'Make `.shelf/` writable by the user running shelf (or remove it; shelf recreates it).' },
  EPERM: { why: 'operation not permitted', fix: 'Make `.shelf/` writable by the user running shelf (or remove it; shelf recreates it).' },
  EROFS: { why: 'the file system is read-only', fix: 'Run shelf from a writable checkout of the repository.' },
  ENOSPC: { why: 'no space left on the device', fix: 'Free some disk space and run the command again.' },
  EDQUOT: { why: 'the disk quota is exhausted', fix: 'Free some disk space and run the command again.' },
  EISDIR: { why: 'a directory is in the way of a file', fix: 'Remove the directory named in the message from `.shelf/`.' },
};

/** The diagnostic for a failed read or write of `path` (or the file the error names) under the repository's `.shelf/`; undefined when `err` is no such failure. */
export function stateDirProblem(err: unknown, path: string, root: string, opts: { beforeWrites: boolean }): Diagnostic | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? REASONS[code] : undefined;
  if (!code || !reason) return undefined;
  // The file system names the exact file that failed (the lock, the journal, …) when it can.
  const failed = (err as NodeJS.ErrnoException).path ?? path;
  return {
    severity: 'error',
    code: 'state-dir-unwritable',
    summary: `Cannot write shelf's state in ${relative(root, failed) || failed} (${code}: ${reason.why})${opts.beforeWrites ? '. Nothing was written to Seller Center.' : ''}`,
    detail: reason.fix,
  };
}
