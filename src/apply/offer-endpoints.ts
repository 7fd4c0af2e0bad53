/**
 * Chooses, for every offer write, PRD104 (price and stock together), PRD105 (prices) or PRD106
 * (stocks) so that the number of requests is the smallest possible. Each request carries at
 * most `chunkSize` items, so the count is ceil(both/C) + ceil(prices/C) + ceil(stocks/C).
 * Two moves can lower it: a price-only write whose stock is managed can ride in PRD104 with its
 * (unchanged) desired stock, and likewise a stock-only write with its desired price; or, when
 * few SKUs change both, a both-write can split into a price and a stock item.
 */
import type { OfferWrite } from '../remote/types.js';
import type { OfferEndpoint, OfferOp } from './types.js';

export interface RoutedOffer {
  op: OfferOp;
  endpoint: OfferEndpoint;
  item: OfferWrite;
}

const hasPrice = (w: OfferWrite) => w.price !== undefined || w.retail_price !== undefined;
const hasStock = (w: OfferWrite) => w.stock !== undefined;

function priceFields(w: OfferWrite): OfferWrite {
  const out: OfferWrite = { sku: w.sku };
  if (w.price !== undefined) out.price = w.price;
  if (w.retail_price !== undefined) out.retail_price = w.retail_price;
  return out;
}

function candidates(total: number, movable: number, chunk: number): number[] {
  const set = new Set<number>([0, movable]);
  // Moving exactly enough to leave a whole number of chunks behind is where the count drops.
  for (let left = total % chunk; left <= total; left += chunk) {
    const moved = total - left;
    if (moved >= 0 && moved <= movable) set.add(moved);
  }
  return [...set];
}

export function chooseOfferEndpoints(offers: OfferOp[], chunkSize = 1000): RoutedOffer[] {
  const both = offers.filter((o) => hasPrice(o.write) && hasStock(o.write));
  const pricesOnly = offers.filter((o) => hasPrice(o.write) && !hasStock(o.write));
  const stocksOnly = offers.filter((o) => !hasPrice(o.write) && hasStock(o.write));
  const pricePromotable = pricesOnly.filter((o) => o.managed.stock !== undefined);
  const stockPromotable = stocksOnly.filter((o) => hasPrice(o.managed));
  const ceil = (n: number) => Math.ceil(n / chunkSize);

  let best = { cost: Number.POSITIVE_INFINITY, moved: Number.POSITIVE_INFINITY, xp: 0, xs: 0, split: false };
  for (const xp of candidates(pricesOnly.length, pricePromotable.length, chunkSize)) {
    for (const xs of candidates(stocksOnly.length, stockPromotable.length, chunkSize)) {
      const cost = ceil(both.length + xp + xs) + ceil(pricesOnly.length - xp) + ceil(stocksOnly.length - xs);
      if (cost < best.cost || (cost === best.cost && xp + xs < best.moved)) {
        best = { cost, moved: xp + xs, xp, xs, split: false };
      }
    }
  }
  const splitCost = ceil(pricesOnly.length + both.length) + ceil(stocksOnly.length + both.length);
  if (splitCost < best.cost) best = { cost: splitCost, moved: 0, xp: 0, xs: 0, split: true };

  const routed: RoutedOffer[] = [];
  const promoted = new Set<OfferOp>([...pricePromotable.slice(0, best.xp), ...stockPromotable.slice(0, best.xs)]);
  for (const op of both) {
    if (best.split) {
      routed.push({ op, endpoint: 'prices', item: priceFields(op.write) });
      routed.push({ op, endpoint: 'stocks', item: { sku: op.sku, stock: op.write.stock! } });
    } else {
      routed.push({ op, endpoint: 'prices-and-stocks', item: op.write });
    }
  }
  for (const op of [...pricesOnly, ...stocksOnly]) {
    if (promoted.has(op)) {
      const item = hasPrice(op.write)
        ? { ...op.write, stock: op.managed.stock! }
        : { ...priceFields(op.managed), stock: op.write.stock! };
      routed.push({ op, endpoint: 'prices-and-stocks', item });
    } else {
      routed.push({ op, endpoint: hasPrice(op.write) ? 'prices' : 'stocks', item: op.write });
    }
  }
  return routed;
}
