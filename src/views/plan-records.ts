/**
 * The before/after records of a resource change as the JSON view prints them: the managed
 * fields only, decimals as strings, values the API did not return listed apart.
 */
import { type DesiredProduct, OFFER_FIELDS, PRODUCT_FIELDS, type RemoteProduct } from '../model/product.js';
import type { ResourceChange } from '../plan/types.js';

/** Product fields, then offer fields: the order the plan lists changed fields in. */
const RECORD_FIELDS = [...PRODUCT_FIELDS, ...OFFER_FIELDS] as const;

export function desiredRecord(d: DesiredProduct): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RECORD_FIELDS) if (d[key] !== undefined) out[key] = d[key];
  return out;
}

/** Remote records were normalized when they were read (or checked when a plan file was read): their values are typed. */
function remoteValue(r: RemoteProduct, key: (typeof RECORD_FIELDS)[number]): unknown {
  return r[key];
}

/** The remote record limited to `keys` (all known fields when absent); `unknown` lists the missing ones. */
export function remoteRecord(r: RemoteProduct, keys?: readonly string[]): { record: Record<string, unknown>; unknown: string[] } {
  const record: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const key of RECORD_FIELDS) {
    if (keys && !keys.includes(key)) continue;
    const value = remoteValue(r, key);
    if (value === undefined) {
      if (keys) unknown.push(key);
    } else record[key] = value;
  }
  return { record, unknown };
}

export interface ChangeRecords {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  beforeUnknown: string[];
}

export function changeRecords(c: ResourceChange): ChangeRecords {
  const after = c.after ? desiredRecord(c.after) : null;
  if (!c.before) return { before: null, after, beforeUnknown: [] };
  const { record, unknown } = remoteRecord(c.before, after ? Object.keys(after) : undefined);
  return { before: record, after, beforeUnknown: unknown };
}
