/**
 * Pre-flight for `product:` links: every catalog product uuid the plan sets anew must be one
 * PRD108 knows, checked with one search per distinct uuid (the query is the uuid; a match
 * must carry that exact id). The names found go on the plan, so it shows what each offer
 * links to, and so does the number of searches, for the Cost line. Nothing is written.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { linksToCheck, unknownLinkDiagnostic } from '../plan/linked-products.js';
import type { Plan } from '../plan/types.js';
import type { SellerCenterClient } from '../remote/types.js';

/** Matches read per uuid search: the product itself, should the API also match the text elsewhere. */
const MATCHES_PER_UUID = 10;

export async function checkLinkedProducts(plan: Plan, client: SellerCenterClient): Promise<Diagnostic[]> {
  const links = linksToCheck(plan);
  if (links.size === 0) return [];
  const names: Record<string, string> = {};
  const out: Diagnostic[] = [];
  for (const [uuid, changes] of links) {
    const found = await client.searchCatalog(uuid, { limit: MATCHES_PER_UUID });
    const product = found.products.find((p) => p.id.toLowerCase() === uuid);
    if (product) names[uuid] = product.name;
    else out.push(unknownLinkDiagnostic(uuid, changes));
  }
  plan.linkedProductNames = names;
  plan.catalogSearches = links.size;
  return out;
}
