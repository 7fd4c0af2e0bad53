import type { Diagnostic } from './diagnostic.js';
import type { DesiredProduct } from './product.js';
import type { Settings } from './settings.js';

/** Everything `loadCatalog` produces: settings, the desired products keyed by SKU, and every problem found. */
export interface DesiredCatalog {
  settings: Settings;
  products: Map<string, DesiredProduct>;
  /** Catalog files read, relative to the root, in load order. */
  files: string[];
  diagnostics: Diagnostic[];
}
