/**
 * CTG101 (the category trees) flattened with full name paths, and CTG102 (a category's
 * attributes) read tolerantly. The client caches both for the run.
 */
import type { Category, CategoryAttribute } from './types.js';
import { isObject, text } from './json-read.js';

/** A plain array, or an envelope's `results` from a server that paginates it after all. */
export function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body) && Array.isArray(body.results)) return body.results;
  return [];
}

/** Depth-first flattening: parents before children, each with the names from its root. */
export function flattenCategories(trees: unknown[]): Category[] {
  const out: Category[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown, parentId: string | null, parentPath: string[]) => {
    if (!isObject(node)) return;
    const id = text(node.id);
    if (!id || seen.has(id)) return;
    seen.add(id);
    const name = text(node.name) ?? id;
    const children = Array.isArray(node.children) ? node.children : [];
    const parent = isObject(node.parent) ? (text(node.parent.id) ?? parentId) : (text(node.parent) ?? parentId);
    const path = [...parentPath, name];
    out.push({ id, name, parent: parent ?? null, path, isLeaf: children.length === 0 });
    for (const child of children) visit(child, id, path);
  };
  for (const tree of trees) visit(tree, null, []);
  return out;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === 'True' || v === 1;
}

export function readCategoryAttributes(body: unknown): CategoryAttribute[] {
  const out: CategoryAttribute[] = [];
  for (const entry of listOf(body)) {
    if (!isObject(entry)) continue;
    const key = text(entry.key);
    if (!key) continue;
    const values: string[] = [];
    for (const v of Array.isArray(entry.values) ? entry.values : []) {
      const value = isObject(v) ? text(v.value ?? v.label) : text(v);
      if (value !== undefined) values.push(value);
    }
    out.push({
      key,
      name: text(entry.name) ?? key,
      dataType: text(entry.data_type) ?? 'text',
      isRequired: bool(entry.is_required),
      isVariant: bool(entry.is_variant),
      isOffer: bool(entry.is_offer),
      isLocalizable: bool(entry.is_localizable),
      values,
    });
  }
  return out;
}

/** LNG001 entries: `{code, name, ...}`, or bare strings from a leaner server. */
export function readLanguages(body: unknown): string[] {
  const out: string[] = [];
  for (const entry of listOf(body)) {
    const code = isObject(entry) ? text(entry.code ?? entry.language ?? entry.id) : text(entry);
    if (code) out.push(code);
  }
  return out;
}
