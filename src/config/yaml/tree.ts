/**
 * The position-carrying tree every YAML reader in shelf produces. Both the fast reader and the
 * full `yaml` library adapter emit it, so the checks after parsing do not care which one ran.
 * Lines and columns are 1-based.
 */
export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  value: ScalarValue;
  /** The text as written, for plain (unquoted) scalars: keeps `199.90` exact. */
  raw?: string;
  line: number;
  col: number;
}

export interface YPair {
  key: string;
  keyLine: number;
  keyCol: number;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  pairs: YPair[];
  line: number;
  col: number;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  line: number;
  col: number;
}

export type YNode = YScalar | YMap | YSeq;

const indexes = new WeakMap<YMap, Map<string, YPair>>();

export function pairOf(map: YMap, key: string): YPair | undefined {
  if (map.pairs.length <= 32) {
    for (const p of map.pairs) if (p.key === key) return p;
    return undefined;
  }
  // Large mappings (feeds of 100,000 SKUs) may be searched once per diagnostic: index them.
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.pairs) if (!index.has(p.key)) index.set(p.key, p);
    indexes.set(map, index);
  }
  return index.get(key);
}

/** A location in the tree: where a node is, or (for a map key) where the key is. */
export interface TreeLocation {
  node: YNode | undefined;
  line: number;
  col: number;
}

/**
 * Follows a JSON pointer (`/products/3/attributes/COLOR`, as ajv reports it) down the tree.
 * Stops at the deepest node that exists, so a pointer to a missing child still lands near it.
 */
export function locate(root: YNode, pointer: string, atKey = false): TreeLocation {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  let node: YNode = root;
  let loc: TreeLocation = { node, line: node.line, col: node.col };
  for (const seg of segments) {
    if (node.kind === 'map') {
      const pair = pairOf(node, seg);
      if (!pair) break;
      node = pair.value;
      loc = atKey ? { node, line: pair.keyLine, col: pair.keyCol } : { node, line: node.line, col: node.col };
    } else if (node.kind === 'seq') {
      const item = node.items[Number(seg)];
      if (!item) break;
      node = item;
      loc = { node, line: node.line, col: node.col };
    } else {
      break;
    }
  }
  return loc;
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}
