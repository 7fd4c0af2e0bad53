import type { YNode } from './tree.js';

/**
 * The tree as plain data for schema validation. Mappings become prototype-less objects, so keys
 * such as `__proto__` or `constructor` are ordinary data and can never reach Object.prototype.
 */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = Object.create(null);
      for (const pair of node.pairs) out[pair.key] = toPlain(pair.value);
      return out;
    }
  }
}
