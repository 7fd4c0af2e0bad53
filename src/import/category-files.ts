/**
 * Which catalog file holds the products of each category: a readable name from the category's
 * path in the tree (`Clothing / T-shirts` → `clothing-t-shirts.yaml`), made unique when two
 * paths give the same name, and never one of the feed files' names.
 */
import type { Category } from '../remote/types.js';

export interface CategoryFile {
  /** File name inside `catalog/`, e.g. `clothing-t-shirts.yaml`. */
  file: string;
  /** Human title for the file's header, e.g. `Clothing / T-shirts`. */
  title: string;
}

const RESERVED = new Set(['prices', 'stocks']);

/** Letters that do not decompose into an ASCII letter plus accents. */
const SPELLED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };

/** ASCII, lower case, words joined by `-`: "Café Crème" → "cafe-creme", "Straße" → "strasse". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđıþ]/g, (ch) => SPELLED[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * File names for the given category ids. Ids missing from the tree get `category-<id>.yaml`.
 * Collisions are resolved by appending the start of the id, deterministically (ids sorted).
 */
export function categoryFiles(categoryIds: Iterable<string>, tree: readonly Category[]): Map<string, CategoryFile> {
  const byId = new Map(tree.map((c) => [c.id, c]));
  const ids = [...new Set(categoryIds)].sort();
  const base = new Map<string, { slug: string; title: string }>();
  const uses = new Map<string, number>();
  for (const id of ids) {
    const category = byId.get(id);
    const path = category ? (category.path.length > 0 ? category.path : [category.name]) : [];
    let slug = slugify(path.join(' ')) || `category-${slugify(id)}`;
    if (RESERVED.has(slug)) slug = `${slug}-products`;
    base.set(id, { slug, title: category ? path.join(' / ') : `Category ${id} (not in the category tree)` });
    uses.set(slug, (uses.get(slug) ?? 0) + 1);
  }
  const out = new Map<string, CategoryFile>();
  for (const id of ids) {
    const { slug, title } = base.get(id) as { slug: string; title: string };
    const unique = (uses.get(slug) ?? 0) > 1 ? `${slug}-${slugify(id).slice(0, 8)}` : slug;
    out.set(id, { file: `${unique}.yaml`, title });
  }
  return out;
}
