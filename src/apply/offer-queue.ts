/**
 * The offers of an apply, routed to their endpoints and held until they may be sent: an offer
 * of a SKU created in this run waits for that SKU's product batch. Sending is the executor's;
 * this only decides which offers are sendable now, in chunks that cost no extra request.
 */
import { partialCostsNothing } from '../plan/writes/chunks.js';
import type { RoutedOffer } from '../plan/writes/offer-endpoints.js';
import type { OfferEndpoint } from '../plan/writes/types.js';

export const OFFER_ENDPOINTS: readonly OfferEndpoint[] = ['prices-and-stocks', 'prices', 'stocks'];

/** What became of the offers of a SKU whose product batch ended. */
export type Released =
  | { sku: string; endpoint: OfferEndpoint; outcome: 'ready' }
  | { sku: string; endpoint: OfferEndpoint; outcome: 'skipped' }
  | { sku: string; endpoint: OfferEndpoint; outcome: 'not-attempted' };

export class OfferQueue {
  private readonly ready = new Map<OfferEndpoint, RoutedOffer[]>(OFFER_ENDPOINTS.map((e) => [e, []]));
  /** Per endpoint, offers still waiting for a product batch (they may join a partial chunk later). */
  private readonly pending = new Map<OfferEndpoint, number>(OFFER_ENDPOINTS.map((e) => [e, 0]));
  private readonly waiting = new Map<string, RoutedOffer[]>();

  constructor(
    routed: readonly RoutedOffer[],
    created: ReadonlySet<string>,
    private readonly size: number,
  ) {
    for (const r of routed) {
      if (r.op.afterCreate && created.has(r.op.sku)) {
        this.waiting.set(r.op.sku, [...(this.waiting.get(r.op.sku) ?? []), r]);
        this.pending.set(r.endpoint, this.pending.get(r.endpoint)! + 1);
      } else {
        this.ready.get(r.endpoint)!.push(r);
      }
    }
  }

  /**
   * The chunks to send now: every full one, and a partial one when waiting for more would not
   * save a request (or when nothing more can come: `final`).
   */
  take(final = false): { endpoint: OfferEndpoint; offers: RoutedOffer[] }[] {
    const out: { endpoint: OfferEndpoint; offers: RoutedOffer[] }[] = [];
    for (const endpoint of OFFER_ENDPOINTS) {
      const queue = this.ready.get(endpoint)!;
      while (queue.length >= this.size) out.push({ endpoint, offers: queue.splice(0, this.size) });
      if (queue.length > 0 && (final || partialCostsNothing(queue.length, this.pending.get(endpoint)!, this.size))) {
        out.push({ endpoint, offers: queue.splice(0, queue.length) });
      }
    }
    return out;
  }

  /** A product batch ended: its SKUs' offers become ready, or are skipped (`failed`), or not attempted (interrupted: undefined). */
  productsDone(skus: readonly string[], failed: ReadonlySet<string> | undefined): Released[] {
    const released: Released[] = [];
    for (const sku of skus) {
      for (const r of this.waiting.get(sku) ?? []) {
        this.pending.set(r.endpoint, this.pending.get(r.endpoint)! - 1);
        if (failed === undefined) released.push({ sku, endpoint: r.endpoint, outcome: 'not-attempted' });
        else if (failed.has(sku)) released.push({ sku, endpoint: r.endpoint, outcome: 'skipped' });
        else {
          this.ready.get(r.endpoint)!.push(r);
          released.push({ sku, endpoint: r.endpoint, outcome: 'ready' });
        }
      }
      this.waiting.delete(sku);
    }
    return released;
  }
}
