/** "Did you mean" suggestions for mistyped keys. */

function squash(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two adjacent characters as
 * one edit: `nmae` is one typo away from `name`, not two), bounded: returns max+1 as soon as
 * the distance must exceed max.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    // A transposition reaches back two rows, so the row before may still lead to a match.
    if (rowMin > max && prevMin > max) return max + 1;
    before = prev;
    prev = cur;
    prevMin = rowMin;
  }
  return prev[b.length]!;
}

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = squash(word);
  for (const c of candidates) if (squash(c) === w) return c;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const allowed = Math.max(1, Math.floor(Math.min(c.length, word.length) / 3));
    const d = editDistance(w, squash(c), allowed);
    if (d <= allowed && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
