/**
 * Chooses, for every offer write, PRD104 (price and stock together), PRD105 (prices) or PRD106
 * (stocks) so that the number of requests is the smallest possible. Each request carries at
 * most `chunkSize` items, so the count is ceil(both/C) + ceil(prices/C) + ceil(stocks/C).
 * Two kinds of move can lower it: a price-only write whose stock is managed can ride in PRD104
 * with its (unchanged) desired stock, and likewise a stock-only write with its desired price;
 * or some both-writes can split into a price and a stock item. Doing both at once never pays
 * (a split and a promotion cancel out in PRD104 and add an item elsewhere), so the choice is
 * the best of the promotions and the best of the splits.
 */
import type { OfferWrite } from '../../remote/types.js';
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

/**
 * How many of `total` items (of which `movable` may move) are worth moving to another endpoint.
 * The source endpoint needs one request fewer exactly when the items left behind drop to a
 * whole number of chunks; between two such amounts its count stays put while the target's can
 * only grow. So an optimum is among: none, each amount leaving whole chunks behind, all.
 */
export function moveCandidates(total: number, movable: number, chunkSize: number): number[] {
  const set = new Set<number>([0, movable]);
  for (let moved = total % chunkSize; moved <= movable; moved += chunkSize) set.add(moved);
  return [...set];
}

interface Choice {
  cost: number;
  /** Items taken off their own endpoint (promoted, or split); fewer is preferred on a tie. */
  moved: number;
  promotedPrices: number;
  promotedStocks: number;
  split: number;
}

export function chooseOfferEndpoints(offers: OfferOp[], chunkSize = 1000): RoutedOffer[] {
  const both = offers.filter((o) => hasPrice(o.write) && hasStock(o.write));
  const pricesOnly = offers.filter((o) => hasPrice(o.write) && !hasStock(o.write));
  const stocksOnly = offers.filter((o) => !hasPrice(o.write) && hasStock(o.write));
  const pricePromotable = pricesOnly.filter((o) => o.managed.stock !== undefined);
  const stockPromotable = stocksOnly.filter((o) => hasPrice(o.managed));
  const ceil = (n: number) => Math.ceil(n / chunkSize);

  let best: Choice = { cost: Number.POSITIVE_INFINITY, moved: 0, promotedPrices: 0, promotedStocks: 0, split: 0 };
  const consider = (c: Choice) => {
    if (c.cost < best.cost || (c.cost === best.cost && c.moved < best.moved)) best = c;
  };
  for (const xp of moveCandidates(pricesOnly.length, pricePromotable.length, chunkSize)) {
    for (const xs of moveCandidates(stocksOnly.length, stockPromotable.length, chunkSize)) {
      const cost = ceil(both.length + xp + xs) + ceil(pricesOnly.length - xp) + ceil(stocksOnly.length - xs);
      consider({ cost, moved: xp + xs, promotedPrices: xp, promotedStocks: xs, split: 0 });
    }
  }
  for (const y of moveCandidates(both.length, both.length, chunkSize)) {
    const cost = ceil(both.length - y) + ceil(pricesOnly.length + y) + ceil(stocksOnly.length + y);
    consider({ cost, moved: y, promotedPrices: 0, promotedStocks: 0, split: y });
  }

  const routed: RoutedOffer[] = [];
  const promoted = new Set<OfferOp>([
    ...pricePromotable.slice(0, best.promotedPrices),
    ...stockPromotable.slice(0, best.promotedStocks),
  ]);
  const split = new Set<OfferOp>(both.slice(0, best.split));
  for (const op of both) {
    if (split.has(op)) {
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
