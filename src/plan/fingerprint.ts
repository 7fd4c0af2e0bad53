/**
 * A short fingerprint of a remote record as the plan saw it. `apply PLANFILE` reads the
 * record again and refuses when the fingerprint differs, so a saved plan is never applied
 * over changes made after it was reviewed. Only values that matter to the catalog go in:
 * approval and timestamps change without the record's content changing.
 */
import { createHash } from 'node:crypto';
import type { RemoteProduct } from '../model/product.js';
import { attributeText } from './values.js';

export function fingerprintRemote(p: RemoteProduct): string {
  const attributes = Object.keys(p.attributes ?? {})
    .sort()
    .map((key) => [key, attributeText(p.attributes[key]!)]);
  const canonical = JSON.stringify([
    p.sku,
    p.name,
    p.base_code,
    p.category,
    attributes,
    p.images ?? [],
    p.videos ?? [],
    p.product ?? null,
    p.restrict_for_others ?? null,
    p.price ?? null,
    p.retail_price ?? null,
    p.stock ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
