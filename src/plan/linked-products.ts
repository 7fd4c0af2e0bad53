/**
 * The catalog products (PRD108 uuids) a plan links offers to anew: a create with `product:`, or
 * an update whose `product:` changed. A uuid the remote record already holds was checked when it
 * was written, so it costs no search; a uuid shared by many SKUs is searched once.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan, ResourceChange } from './types.js';

/** uuid (lower case) → the changes that set it, in plan order. */
export function linksToCheck(plan: Pick<Plan, 'changes'>): Map<string, ResourceChange[]> {
  const links = new Map<string, ResourceChange[]>();
  for (const change of plan.changes) {
    const uuid = change.after?.product;
    if (typeof uuid !== 'string' || !change.changed.includes('product')) continue;
    const key = uuid.toLowerCase();
    links.set(key, [...(links.get(key) ?? []), change]);
  }
  return links;
}

/** A uuid the marketplace catalog does not hold: at the first place it is written, naming every SKU that uses it. */
export function unknownLinkDiagnostic(uuid: string, changes: readonly ResourceChange[]): Diagnostic {
  const first = changes[0]!;
  const skus = changes.map((c) => c.sku);
  const users = `${skus.length === 1 ? 'linked by' : `linked by ${skus.length} SKUs:`} ${skus.slice(0, 5).join(', ')}${skus.length > 5 ? ', …' : ''}`;
  const source = first.after?.fieldSources.product ?? first.source;
  return {
    severity: 'error',
    code: 'unknown-catalog-product',
    summary: `Catalog product ${uuid} is not in the marketplace catalog (${users})`,
    detail: 'Find the product with `shelf search WORDS` and paste the `product:` line it prints, or remove `product:` to list the product on its own.',
    sku: first.sku,
    ...(source ? { source } : {}),
  };
}
