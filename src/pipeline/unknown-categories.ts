/**
 * Categories of an import's scope that Seller Center does not have (checked against the tree
 * CTG101 returned, which import reads anyway): a mistyped `--category` is "no such category",
 * not an import that finds "no products".
 */
import { closest } from '../config/did-you-mean.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourcePos } from '../model/source.js';
import type { Category } from '../remote/types.js';

export function unknownCategories(
  wanted: readonly string[],
  tree: readonly Category[],
  from: { flags: boolean; source?: SourcePos },
): Diagnostic[] {
  const ids = new Map(tree.map((c) => [c.id.toLowerCase(), c]));
  const out: Diagnostic[] = [];
  for (const id of wanted) {
    if (ids.has(id.toLowerCase())) continue;
    const near = closest(id.toLowerCase(), [...ids.keys()]);
    const where = from.flags ? `--category ${id}` : `The category ${id} in scope.categories of shelf.yaml`;
    out.push({
      severity: 'error',
      code: 'import-unknown-category',
      summary: `${where}: Seller Center has no such category (its category tree, GET /i2/categories/, holds ${tree.length})`,
      detail: near
        ? `Did you mean ${near} (${ids.get(near)!.path.join(' / ')})?`
        : 'Use a category id as Seller Center gives it: `curl -H "Authorization: $SHELF_TOKEN" "$SHELF_URL/i2/categories/"` lists them.',
      ...(!from.flags && from.source ? { source: from.source } : {}),
    });
  }
  return out;
}
