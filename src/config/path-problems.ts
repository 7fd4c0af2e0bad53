/**
 * Diagnostics for catalog paths that cannot be taken as they are: unreadable, a symbolic link
 * leaving the repository or pointing nowhere, a directory reached twice. Each is an error: a
 * catalog read with part of it left out would plan the missing products as deletions.
 */
import type { Diagnostic } from '../model/diagnostic.js';

/** What an errno code means, in words a user can act on. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links (a link loop)',
  EIO: 'input/output error (a failing disk or network share)',
  ENOENT: 'it disappeared while shelf was reading',
  ENOTDIR: 'a part of its path is not a directory',
  EISDIR: 'it is a directory',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on this system',
  ENAMETOOLONG: 'its path is too long',
  EBUSY: 'the resource is busy',
  ETIMEDOUT: 'the file system timed out',
  ESTALE: 'a stale network file handle',
};

export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return String(err);
  const words = REASONS[code];
  return words ? `${words}, ${code}` : code;
}

const NOT_SILENT = 'shelf stops rather than work with part of the catalog left out.';

function whatToDo(err: unknown, kind: 'file' | 'directory'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    const mode = kind === 'directory' ? 'chmod u+rx' : 'chmod u+r';
    return `Let the user running shelf read it (e.g. \`${mode}\`), or move it out of the paths \`files:\` matches in shelf.yaml. ${NOT_SILENT}`;
  }
  return `Fix the ${kind} (or move it out of the paths \`files:\` matches in shelf.yaml) and run shelf again. ${NOT_SILENT}`;
}

/** A file or directory under the `files:` globs that cannot be read. `path` is relative to the repository. */
export function unreadablePath(path: string, kind: 'file' | 'directory', err: unknown): Diagnostic {
  return {
    severity: 'error',
    code: kind === 'directory' ? 'directory-unreadable' : 'file-unreadable',
    summary: `The catalog ${kind} ${path} cannot be read (${reasonOf(err)})`,
    detail: whatToDo(err, kind),
  };
}

/**
 * A symbolic link whose target lies outside the repository. The target is never read, and is
 * named only in general terms: it may be a secret (a token file, ~/.git-credentials).
 */
export function linkOutsideRepository(path: string): Diagnostic {
  return {
    severity: 'error',
    code: 'symlink-outside-repository',
    summary: `${path} is a symbolic link that points outside the repository`,
    detail:
      'shelf reads shelf.yaml and catalog files only inside the repository (the directory of shelf.yaml), so it did not read this one. ' +
      'Copy the files into the repository, or remove the link.',
  };
}

export function danglingLink(path: string): Diagnostic {
  return {
    severity: 'error',
    code: 'symlink-dangling',
    summary: `${path} is a symbolic link to something that does not exist`,
    detail: `Point the link at an existing file or directory inside the repository, or remove it. ${NOT_SILENT}`,
  };
}

export function linkLoop(path: string): Diagnostic {
  return {
    severity: 'error',
    code: 'symlink-loop',
    summary: `${path} is a symbolic link that leads back to itself (a link loop)`,
    detail: 'Point the link at a file or directory inside the repository, or remove it.',
  };
}

/** The same directory reached through two paths (a link to an ancestor, or a second link to it). */
export function directoryReachedTwice(path: string, first: string): Diagnostic {
  const earlier = first === '' ? 'the repository root' : first;
  return {
    severity: 'error',
    code: 'directory-reached-twice',
    summary: `${path} and ${earlier} are the same directory, reached twice through a symbolic link`,
    detail:
      'Its catalog files would be read twice (or, for a link to a parent directory, without end). ' +
      'Remove the link, or narrow `files:` in shelf.yaml so each catalog file is reached by one path.',
  };
}

export function notARegularFile(path: string): Diagnostic {
  return {
    severity: 'error',
    code: 'not-a-regular-file',
    summary: `${path} matches \`files:\` but is not a regular file (a pipe, socket or device)`,
    detail: 'Catalog files must be regular files: replace it, or narrow `files:` in shelf.yaml.',
  };
}
