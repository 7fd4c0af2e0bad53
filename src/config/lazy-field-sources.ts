/**
 * A product's field positions (`fieldSources`), built the first time anything looks at them.
 * A plan looks at the positions of the products it changes or reports on, and of no other: for
 * a catalog read back from the parse cache, building every position of 100,000 products (a
 * million small objects, most of them garbage-collector work) was half the cost of the read.
 *
 * The record is a Proxy over a plain object that stays empty until its first use; then the
 * positions are written into it and every operation goes to it, so it behaves as the plain
 * record it stands for: keys, values, JSON, spread, assignment, `in`, deletion.
 */
import type { SourcePos } from '../model/source.js';

/** Fills `into` with the positions held at `at` in the source the traps were made for. */
export type FillFieldSources = (into: Record<string, SourcePos>, at: number) => void;

interface PendingHandler extends ProxyHandler<Record<string, SourcePos>> {
  /** Where this record's positions sit; -1 once they are built. */
  at: number;
}

/**
 * The traps shared by every record of one source. Each record's own handler is an object whose
 * prototype holds them and which carries only where its positions sit: three small objects per
 * product instead of a dozen.
 */
function sharedTraps(fill: FillFieldSources): ProxyHandler<Record<string, SourcePos>> {
  function built(this: PendingHandler, target: Record<string, SourcePos>): Record<string, SourcePos> {
    if (this.at >= 0) {
      fill(target, this.at);
      this.at = -1;
    }
    return target;
  }
  return {
    get(this: PendingHandler, target, key, receiver) {
      return Reflect.get(built.call(this, target), key, receiver);
    },
    set(this: PendingHandler, target, key, value) {
      return Reflect.set(built.call(this, target), key, value);
    },
    has(this: PendingHandler, target, key) {
      return Reflect.has(built.call(this, target), key);
    },
    deleteProperty(this: PendingHandler, target, key) {
      return Reflect.deleteProperty(built.call(this, target), key);
    },
    ownKeys(this: PendingHandler, target) {
      return Reflect.ownKeys(built.call(this, target));
    },
    getOwnPropertyDescriptor(this: PendingHandler, target, key) {
      return Reflect.getOwnPropertyDescriptor(built.call(this, target), key);
    },
    defineProperty(this: PendingHandler, target, key, descriptor) {
      return Reflect.defineProperty(built.call(this, target), key, descriptor);
    },
  };
}

/** Makes records whose positions `fill` builds from where each says they are. */
export function lazyFieldSourcesOf(fill: FillFieldSources): (at: number) => Record<string, SourcePos> {
  const traps = sharedTraps(fill);
  return (at) => {
    const handler = Object.create(traps) as PendingHandler;
    handler.at = at;
    return new Proxy({}, handler);
  };
}
