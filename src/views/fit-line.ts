/**
 * A live line must never wrap: a wrapped line cannot be redrawn in place with `\r`, and each
 * redraw leaves a junk line behind. Keep it one column short of the width (some terminals wrap
 * when the last column is written).
 */
export function fitLine(text: string, columns: number | undefined): string {
  if (!columns || columns <= 1) return text;
  const max = columns - 1;
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * One part of a status line; parts with a lower `rank` are dropped first when the line is too
 * long. A `cut` part (the last, say, a wait's explanation) is never dropped, only cut short.
 */
export interface LinePart {
  text: string;
  rank: number;
  cut?: boolean;
}

/**
 * Joins the parts of a status line in their order, dropping the lowest-ranked ones until it
 * fits; what still does not fit is cut.
 */
export function fitParts(parts: LinePart[], columns: number | undefined, separator = ', '): string {
  let kept = parts.filter((p) => p.text !== '');
  const joined = () => kept.map((p) => p.text).join(separator);
  if (columns && columns > 1) {
    for (;;) {
      const droppable = kept.filter((p) => !p.cut);
      if (droppable.length <= 1 || joined().length <= columns - 1) break;
      const lowest = droppable.reduce((low, p) => (p.rank < low.rank ? p : low));
      kept = kept.filter((p) => p !== lowest);
    }
  }
  return fitLine(joined(), columns);
}
