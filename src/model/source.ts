/** Where something was written: a catalog file (relative to the repository root), 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export function formatSource(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}
