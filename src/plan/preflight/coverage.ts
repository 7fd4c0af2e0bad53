/** How much of a catalog `validate` could check against cached category schemas (plain data for the view). */
export interface AttributeCoverage {
  /** The API origin whose cached schemas were used (absent when none could be). */
  origin?: string;
  /** Categories of the catalog checked against a cached schema. */
  checked: number;
  /** Categories of the catalog with no cached schema. */
  unchecked: number;
  /** When the oldest schema used was read (epoch ms). */
  oldest?: number;
}
