/**
 * Where imported files go: the fixed leading directory of the first `files:` glob in
 * shelf.yaml (`catalog/**\/*.yaml` → `catalog`), so `plan` reads exactly what `import` wrote.
 */
const GLOB_CHARS = /[*?[\]{}!]/;

export function catalogDirOf(globs: readonly string[]): string {
  const first = globs[0] ?? 'catalog/**/*.yaml';
  const fixed: string[] = [];
  const segments = first.split('/');
  for (const segment of segments.slice(0, -1)) {
    if (GLOB_CHARS.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.filter((s) => s !== '.' && s !== '').join('/');
}
