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
 * One part of a status line. When the line is too long, every part takes its `short` form;
 * then parts with a lower `rank` are dropped first. A `cut` part (a wait's explanation: why the
 * line stands still) is never dropped, only cut short with the rest.
 */
export interface LinePart {
  text: string;
  short?: string;
  rank: number;
  cut?: boolean;
}

/** Joins the parts of a status line in their order so that it fits `columns` (see LinePart). */
export function fitParts(parts: LinePart[], columns: number | undefined, separator = ', ', opts: { short?: boolean } = {}): string {
  let kept = parts.filter((p) => p.text !== '');
  const join = (short: boolean) => kept.map((p) => (short ? (p.short ?? p.text) : p.text)).join(separator);
  if (!columns || columns <= 1 || (!opts.short && join(false).length <= columns - 1)) return join(false);
  for (;;) {
    const droppable = kept.filter((p) => !p.cut);
    if (droppable.length <= 1 || join(true).length <= columns - 1) break;
    const lowest = droppable.reduce((low, p) => (p.rank < low.rank ? p : low));
    kept = kept.filter((p) => p !== lowest);
  }
  return fitLine(join(true), columns);
}

/**
 * fitParts for a line redrawn many times: once it needed the short forms it keeps them, so
 * the line does not flip between two wordings each time a wait comes and goes.
 */
export function stickyFit(separator = ', '): (parts: LinePart[], columns: number | undefined) => string {
  let short = false;
  return (parts, columns) => {
    const line = fitParts(parts, columns, separator, { short });
    if (!short && columns && columns > 1) short = parts.filter((p) => p.text !== '').map((p) => p.text).join(separator).length > columns - 1;
    return line;
  };
}
