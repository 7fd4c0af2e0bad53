/** A stream views write text to (a terminal, a pipe, or a buffer in tests). */
export interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width (live lines must fit it). */
  readonly columns?: number;
}

/**
 * Where a view writes: the command's streams and whether colours are allowed. A command's IO
 * is one of these; views never see anything else of it.
 */
export interface ViewOutput {
  stdout: TextOut;
  stderr: TextOut;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  color: boolean;
  signal?: AbortSignal;
}

/** One JSON document on stdout, as every `--json` output is written. */
export function writeJson(out: ViewOutput, doc: unknown): void {
  out.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

export const isTerminal = (stream: TextOut): boolean => stream.isTTY === true;
