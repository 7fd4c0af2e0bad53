/**
 * Hard limits on what the loader accepts, so a hostile or broken file fails fast with a clear
 * message instead of exhausting memory or time.
 */
export const LIMITS = {
  /** Largest catalog or settings file, in bytes (a 100,000-SKU catalog is ~30 MB in total). */
  maxFileBytes: 64 * 1024 * 1024,
  /** Longest single scalar (a name, a URL, a price...), in characters. */
  maxScalarChars: 64 * 1024,
  /**
   * Aliases may expand the document to at most this many nodes beyond twice its written size
   * (defeats "billion laughs" while leaving ordinary anchors usable).
   */
  maxAliasExpansion: 10_000,
  /** Deepest nesting accepted (the catalog language needs about six levels). */
  maxDepth: 64,
} as const;
