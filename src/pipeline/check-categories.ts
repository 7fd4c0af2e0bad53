/**
 * Before anything is written: every category a planned product write uses must exist and be
 * a leaf (CTG101, one request, cached by the client). One diagnostic per bad category, at the
 * first place it is used, so a typo shared by a thousand SKUs reads as one problem.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SellerCenterClient } from '../remote/types.js';
import { needsProductWrite } from '../plan/cost.js';
import type { Plan } from '../plan/types.js';

export function categoriesToCheck(plan: Plan): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const change of plan.changes) {
    if (!change.after || !needsProductWrite(change)) continue;
    const skus = used.get(change.after.category) ?? [];
    skus.push(change.sku);
    used.set(change.after.category, skus);
  }
  return used;
}

export async function checkCategories(plan: Plan, client: SellerCenterClient): Promise<Diagnostic[]> {
  const used = categoriesToCheck(plan);
  if (used.size === 0) return [];
  const known = new Map((await client.categories()).map((c) => [c.id, c]));
  const bySku = new Map(plan.changes.map((c) => [c.sku, c]));
  const out: Diagnostic[] = [];
  for (const [id, skus] of used) {
    const category = known.get(id);
    if (category?.isLeaf) continue;
    const first = bySku.get(skus[0]!)!.after!;
    const users = `${skus.length === 1 ? 'used by' : `used by ${skus.length} SKUs:`} ${skus.slice(0, 5).join(', ')}${skus.length > 5 ? ', …' : ''}`;
    out.push({
      severity: 'error',
      code: category ? 'category-not-leaf' : 'unknown-category',
      summary: category
        ? `Category ${id} (${category.path.join(' > ')}) has subcategories; products go in a leaf category (${users})`
        : `Category ${id} does not exist in Seller Center (${users})`,
      detail: category
        ? `Choose one of its leaves: ${leavesUnder(id, [...known.values()]).join('; ') || 'none listed'}.`
        : 'Check the uuid against `GET /i2/categories/` (CTG101).',
      sku: first.sku,
      source: first.fieldSources.category ?? first.source,
    });
  }
  return out;
}

function leavesUnder(id: string, all: { id: string; parent: string | null; path: string[]; isLeaf: boolean }[]): string[] {
  const children = new Map<string, typeof all>();
  for (const c of all) if (c.parent) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const out: string[] = [];
  const visit = (parent: string) => {
    for (const c of children.get(parent) ?? []) {
      if (c.isLeaf) out.push(`${c.id} (${c.path.join(' > ')})`);
      else visit(c.id);
    }
  };
  visit(id);
  return out.slice(0, 10);
}
