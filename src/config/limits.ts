/**
 * Hard limits on what the loader accepts, so a hostile or broken file fails fast with a clear
 * message instead of exhausting memory or time, and a value Seller Center could not hold is
 * refused at its line instead of failing (or being cut short) in the API. The API reference
 * gives no lengths or digits; these are shelf's choices, documented in README ("The catalog
 * format"). schemas/catalog.schema.json repeats the lengths for editors (a test keeps them equal).
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
  /**
   * Longest SKU and base_code, in characters: identifiers that go into query filters, error
   * files and journals (marketplaces keep seller SKUs to 40-255 characters).
   */
  maxSkuChars: 128,
  /** Longest product name, in characters: more than any storefront shows. */
  maxNameChars: 500,
  /**
   * Most digits before a price's decimal point: a decimal(12,2) column, up to 9,999,999,999.99
   * in any currency, and short of a barcode (12-14 digits) pasted into a price.
   */
  maxPriceIntegerDigits: 10,
  /** Largest stock: a 32-bit signed integer column (Django's PositiveIntegerField). */
  maxStock: 2_147_483_647,
} as const;
