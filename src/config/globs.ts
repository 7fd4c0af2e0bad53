/** The `files:` glob language (`*`, `?`, `**`, `{a,b}`) over repository-relative paths with forward slashes. */

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces += 1;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The directory part of a glob before its first wildcard: where walking can start. */
export function staticBase(glob: string): string {
  const parts = glob.split('/');
  const base: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?{]/.test(p)) break;
    base.push(p);
  }
  return base.join('/');
}

export function isSafeGlob(glob: string): boolean {
  return !glob.startsWith('/') && !glob.split('/').includes('..') && !/^[A-Za-z]:/.test(glob);
}

// Every directory walked asks about the same few segments: compile each once.
const segmentPatterns = new Map<string, RegExp>();
function segmentRegExp(segment: string): RegExp {
  let re = segmentPatterns.get(segment);
  if (!re) segmentPatterns.set(segment, (re = globToRegExp(segment)));
  return re;
}

/**
 * Whether a path below directory `dir` could match `glob`: its segments match the glob's leading
 * directory segments, or reach a `**`. Directories no glob can enter are not walked, so a problem
 * there (an unreadable directory, a stray link) does not stop anyone.
 */
export function mayEnter(glob: string, dir: string): boolean {
  if (dir === '') return true;
  // A brace holding a slash spans segments: too rare to analyse, so walk in.
  if (/\{[^}]*\//.test(glob)) return true;
  const globSegments = glob.split('/');
  const dirSegments = dir.split('/');
  for (let i = 0; i < dirSegments.length; i++) {
    const g = globSegments[i];
    if (g === undefined || i === globSegments.length - 1) return false;
    if (g.includes('**')) return true;
    if (!segmentRegExp(g).test(dirSegments[i]!)) return false;
  }
  return true;
}
