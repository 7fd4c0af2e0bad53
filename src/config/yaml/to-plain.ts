import type { YNode } from './tree.js';

/**
 * The tree as plain data for schema validation. A `__proto__` key becomes an own data property
 * (never the object's prototype), so no YAML key can reach Object.prototype. (Prototype-less
 * objects would be safer still, but V8 keeps them in slow dictionary mode: 100,000 products
 * would take seconds longer to check.)
 */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) {
        if (pair.key === '__proto__') {
          Object.defineProperty(out, pair.key, { value: toPlain(pair.value), enumerable: true, writable: true, configurable: true });
        } else {
          out[pair.key] = toPlain(pair.value);
        }
      }
      return out;
    }
  }
}
