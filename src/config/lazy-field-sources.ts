/**
 * A product's field positions (`fieldSources`), built the first time anything looks at them.
 * A plan looks at the positions of the products it changes or reports on, and of no other: for
 * a catalog read back from the parse cache, building every position of 100,000 products (a
 * million small objects, most of them garbage-collector work) was half the cost of the read.
 *
 * The record is a Proxy over an object that stays empty until its first use; then the positions
 * are written into it and every operation goes to it, so it behaves as the plain record it
 * stands for: keys, values, JSON, spread, assignment, `in`, deletion, its prototype. The proxies
 * of one source share their traps; each target carries, in a private field (invisible to every
 * reflection), where its positions sit: two small objects per product.
 */
import type { SourcePos } from '../model/source.js';

/** Fills `into` with the positions held at `at` in the source the traps were made for. */
export type FillFieldSources = (into: Record<string, SourcePos>, at: number) => void;

class PendingSources {
  /** Where the positions sit; -1 once they are built. */
  #at: number;

  constructor(at: number) {
    this.#at = at;
  }

  static built(target: PendingSources, fill: FillFieldSources): Record<string, SourcePos> {
    const record = target as unknown as Record<string, SourcePos>;
    if (target.#at >= 0) {
      const at = target.#at;
      target.#at = -1;
      fill(record, at);
    }
    return record;
  }
}

function sharedTraps(fill: FillFieldSources): ProxyHandler<PendingSources> {
  const built = (target: PendingSources) => PendingSources.built(target, fill);
  return {
    get: (target, key) => Reflect.get(built(target), key),
    set: (target, key, value) => Reflect.set(built(target), key, value),
    has: (target, key) => Reflect.has(built(target), key),
    deleteProperty: (target, key) => Reflect.deleteProperty(built(target), key),
    ownKeys: (target) => Reflect.ownKeys(built(target)),
    getOwnPropertyDescriptor: (target, key) => Reflect.getOwnPropertyDescriptor(built(target), key),
    defineProperty: (target, key, descriptor) => Reflect.defineProperty(built(target), key, descriptor),
    // A plain record's prototype, not the target's class.
    getPrototypeOf: () => Object.prototype,
  };
}

/** Makes records whose positions `fill` builds from where each says they are. */
export function lazyFieldSourcesOf(fill: FillFieldSources): (at: number) => Record<string, SourcePos> {
  const traps = sharedTraps(fill);
  return (at) => new Proxy(new PendingSources(at), traps) as unknown as Record<string, SourcePos>;
}
