/**
 * Per-field comparison of one desired SKU against its remote record. Only fields the
 * repository manages are compared: an optional desired field left undefined never causes a
 * change, and remote fields shelf does not know are ignored.
 */
import type { DesiredProduct, RemoteProduct } from '../model/product.js';
import { type FieldChange, UNKNOWN } from './types.js';
import { attributeValuesEqual, decimalsEqual, listsEqual } from './values.js';

/** Fields written for a new SKU, in display order (attributes one per key). */
export function creationFields(d: DesiredProduct): FieldChange[] {
  const fields: FieldChange[] = [];
  const add = (path: string, after: unknown) => {
    if (after !== undefined) fields.push({ path, before: undefined, after, source: sourceOf(d, path) });
  };
  add('name', d.name);
  add('base_code', d.base_code);
  add('category', d.category);
  for (const key of Object.keys(d.attributes).sort()) add(`attributes.${key}`, d.attributes[key]);
  add('images', d.images);
  add('videos', d.videos);
  add('product', d.product);
  add('restrict_for_others', d.restrict_for_others);
  add('price', d.price);
  add('retail_price', d.retail_price);
  add('stock', d.stock);
  return fields;
}

/** What a deleted SKU held remotely (values the API did not return are left out). */
export function deletionFields(r: RemoteProduct): FieldChange[] {
  const fields: FieldChange[] = [];
  const remove = (path: string, before: unknown) => {
    if (before !== undefined) fields.push({ path, before, after: undefined });
  };
  remove('name', r.name);
  remove('base_code', r.base_code);
  remove('category', r.category);
  for (const key of Object.keys(r.attributes ?? {}).sort()) remove(`attributes.${key}`, r.attributes[key]);
  remove('price', r.price);
  remove('retail_price', r.retail_price);
  remove('stock', r.stock);
  return fields;
}

/** The managed fields that differ between a desired SKU and its remote record. */
export function updateFields(d: DesiredProduct, r: RemoteProduct): FieldChange[] {
  const fields: FieldChange[] = [];
  const change = (path: string, before: unknown, after: unknown) =>
    fields.push({ path, before, after, source: sourceOf(d, path) });

  if (d.name !== r.name) change('name', r.name, d.name);
  if (d.base_code !== r.base_code) change('base_code', r.base_code, d.base_code);
  if (d.category !== r.category) change('category', r.category, d.category);
  if (!attributesUnchanged(d.attributes, r.attributes ?? {})) fields.push(...attributeChanges(d, r.attributes ?? {}));
  if (d.images !== undefined && !listsEqual(d.images, r.images ?? [])) change('images', r.images ?? [], d.images);
  if (d.videos !== undefined && !listsEqual(d.videos, r.videos ?? [])) change('videos', r.videos ?? [], d.videos);
  if (d.product !== undefined && (d.product ?? null) !== (r.product ?? null)) change('product', r.product ?? null, d.product);
  if (d.restrict_for_others !== undefined) {
    if (r.restrict_for_others === undefined) change('restrict_for_others', UNKNOWN, d.restrict_for_others);
    else if (r.restrict_for_others !== d.restrict_for_others)
      change('restrict_for_others', r.restrict_for_others, d.restrict_for_others);
  }
  for (const key of ['price', 'retail_price'] as const) {
    const want = d[key];
    if (want === undefined) continue;
    const have = r[key];
    if (have === undefined) change(key, UNKNOWN, want);
    else if (!decimalsEqual(have, want)) change(key, have, want);
  }
  if (d.stock !== undefined) {
    const have = r.stock;
    if (have === undefined) change('stock', UNKNOWN, d.stock);
    else if (have !== d.stock) change('stock', have, d.stock);
  }
  return fields;
}

/**
 * True exactly when attributeChanges would find nothing — the case of nearly every SKU of a large
 * catalog — found without building, merging and sorting key lists for each.
 */
function attributesUnchanged(want: DesiredProduct['attributes'], have: RemoteProduct['attributes']): boolean {
  for (const key in want) {
    const w = want[key];
    if (w === undefined) continue;
    const h = have[key];
    if (h === undefined || h === null || (w !== h && !attributeValuesEqual(w, h))) return false;
  }
  for (const key in have) if (have[key] !== undefined && want[key] === undefined) return false;
  return true;
}

/** One change per attribute key: added, changed, or removed (a remote key the catalog no longer lists). */
function attributeChanges(d: DesiredProduct, remote: RemoteProduct['attributes']): FieldChange[] {
  const keys = [...new Set([...Object.keys(d.attributes), ...Object.keys(remote)])].sort();
  const out: FieldChange[] = [];
  for (const key of keys) {
    const want = d.attributes[key];
    const have = remote[key];
    const path = `attributes.${key}`;
    if (want === undefined && have !== undefined) out.push({ path, before: have, after: undefined, source: d.source });
    else if (want !== undefined && (have === undefined || have === null || !attributeValuesEqual(want, have)))
      out.push({ path, before: have ?? undefined, after: want, source: sourceOf(d, path) });
  }
  return out;
}

function sourceOf(d: DesiredProduct, path: string) {
  return d.fieldSources[path] ?? (path.startsWith('attributes.') ? d.fieldSources.attributes : undefined) ?? d.source;
}

/** Top-level field names of a set of field changes (`attributes.COLOR` → `attributes`), in first-seen order. */
export function changedFieldNames(fields: readonly FieldChange[]): string[] {
  const names: string[] = [];
  for (const f of fields) {
    const top = f.path.startsWith('attributes.') ? 'attributes' : f.path;
    if (!names.includes(top)) names.push(top);
  }
  return names;
}
