/**
 * Tolerant readers for API bodies: the API may add fields, send numbers as strings, or wrap a
 * value in an object, so every normalizer reads through these instead of trusting a shape.
 */
export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string as it is, or a finite number as its text; anything else is absent. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
