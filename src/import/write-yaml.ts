/**
 * Catalog entries → YAML text, through `yaml`'s Document API so every string that a YAML reader
 * could take for something else (`"42"`, `"true"`, `"1e3"`, `"yes"`, a date) is quoted, and prices
 * are written as quoted exact decimals. Variants and attribute maps are flow maps, one line each,
 * so a family reads like a table and a re-import changes only the lines that changed.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { CategoryEntries, EntryFields, Family, FlatProduct, Variant } from './group-families.js';
import { compareNatural } from './natural-order.js';

/** Strings some YAML reader (1.1 or 1.2) would load as a boolean, null, number or date. */
const AMBIGUOUS = [
  /^(?:y|yes|n|no|on|off|true|false|null|~|[-+]?\.inf|\.nan)$/i,
  /^[-+]?(?=[\d.]*\d)[\d_]*(?:\.[\d_]*)?(?:e[-+]?\d+)?$/i, // 42, 1_000, 1.5, .5, 1e3
  /^[-+]?0[xob][\da-f_]+$/i, // 0x1F, 0o17, 0b101
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?$/, // 1:30 (YAML 1.1 base 60)
  /^\d{4}-\d\d?-\d\d?(?:[Tt\s].*)?$/, // 2024-01-01 (YAML 1.1 timestamp)
];

function ambiguous(text: string): boolean {
  return text === '' || AMBIGUOUS.some((re) => re.test(text));
}

type Doc = Document<YAMLMap, false>;

function scalar(value: unknown): Scalar {
  const node = new Scalar(value);
  if (typeof value === 'string' && ambiguous(value)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function seq(items: readonly string[], flow: boolean): YAMLSeq {
  const node = new YAMLSeq();
  for (const item of items) node.items.push(scalar(item));
  node.flow = flow;
  return node;
}

function map(pairs: [string, unknown][], flow: boolean): YAMLMap {
  const node = new YAMLMap();
  // Keys are quoted like values: a SKU or attribute key `123` or `no` must stay a string.
  for (const [k, v] of pairs) node.items.push(new Pair(scalar(k), v));
  node.flow = flow;
  return node;
}

function attributesNode(attributes: Record<string, unknown>): YAMLMap {
  const keys = Object.keys(attributes).sort(compareNatural);
  return map(keys.map((k) => [k, scalar(attributes[k])]), true);
}

/** The optional fields in the catalog format's order. */
function fieldPairs(f: EntryFields, listsFlow: boolean): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  if (f.attributes !== undefined) pairs.push(['attributes', attributesNode(f.attributes)]);
  if (f.images !== undefined) pairs.push(['images', seq(f.images, listsFlow || f.images.length <= 1)]);
  if (f.videos !== undefined) pairs.push(['videos', seq(f.videos, listsFlow || f.videos.length <= 1)]);
  if (f.product !== undefined) pairs.push(['product', scalar(f.product)]);
  if (f.restrict_for_others !== undefined) pairs.push(['restrict_for_others', scalar(f.restrict_for_others)]);
  if (f.price !== undefined) pairs.push(['price', quoted(f.price)]);
  if (f.retail_price !== undefined) pairs.push(['retail_price', quoted(f.retail_price)]);
  if (f.stock !== undefined) pairs.push(['stock', scalar(f.stock)]);
  return pairs;
}

function quoted(text: string): Scalar {
  const node = new Scalar(text);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function productNode(p: FlatProduct): YAMLMap {
  return map(
    [
      ['sku', scalar(p.sku)],
      ['base_code', scalar(p.base_code)],
      ['name', scalar(p.name)],
      ['category', scalar(p.category)],
      ...fieldPairs({ attributes: {}, ...p }, false),
    ],
    false,
  );
}

function variantNode(v: Variant): YAMLMap {
  // A variant with lists of several URLs would make an unreadable flow line: write it as a block.
  const long = (v.images?.length ?? 0) > 1 || (v.videos?.length ?? 0) > 1;
  return map([['sku', scalar(v.sku)], ...fieldPairs(v, !long)], !long);
}

function familyNode(f: Family): YAMLMap {
  const variants = new YAMLSeq();
  variants.items = f.variants.map(variantNode);
  return map(
    [
      ['base_code', scalar(f.base_code)],
      ['name', scalar(f.name)],
      ['category', scalar(f.category)],
      ...fieldPairs(f, false),
      ['variants', variants],
    ],
    false,
  );
}

function render(doc: Doc, header: string[]): string {
  if (header.length > 0) doc.commentBefore = header.map((line) => ` ${line}`.trimEnd()).join('\n');
  // lineWidth 0: never fold a line, so a changed value changes exactly one line in git.
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * `key:` and its entries, each rendered in a document of its own (`key:` and that one entry,
 * the key's line then cut off) and joined with a blank line, as one document of every entry
 * renders them. One document of 100,000 products held a syntax tree of millions of nodes and
 * its rendering's garbage at once: most of the import's peak memory.
 */
function sectionText<T>(key: Scalar, entries: readonly T[], toNode: (entry: T) => YAMLMap, header: string[]): string[] {
  return entries.map((entry, i) => {
    const section = new YAMLSeq();
    section.items = [toNode(entry)];
    const doc = new Document(new YAMLMap()) as unknown as Doc;
    (doc.contents as YAMLMap).items.push(new Pair(i === 0 ? key : new Scalar(key.value), section));
    const text = render(doc, i === 0 ? header : []);
    return i === 0 ? text : `\n${text.slice(text.indexOf('\n') + 1)}`;
  });
}

/** One category file: flat products, then families. `header` lines become `# ...` comments. */
export function categoryFileText(entries: CategoryEntries, header: string[]): string {
  const { products, families } = entries;
  if (products.length === 0 && families.length === 0) return render(new Document(new YAMLMap()) as unknown as Doc, header);
  const parts = sectionText(new Scalar('products'), products, productNode, header);
  if (families.length > 0) {
    const key = scalar('families');
    const text = sectionText(key, families, familyNode, products.length > 0 ? [] : header);
    // After the products, a blank line sets the families apart.
    if (products.length > 0) text[0] = `\n${text[0]}`;
    parts.push(...text);
  }
  return parts.join('');
}

export interface PriceFeedEntry {
  sku: string;
  price?: string;
  retail_price?: string;
}

/** `prices:` feed, one flow map per SKU. */
export function pricesFeedText(entries: readonly PriceFeedEntry[], header: string[]): string {
  const feed = map(
    entries.map((e) => {
      const fields: [string, unknown][] = [];
      if (e.price !== undefined) fields.push(['price', quoted(e.price)]);
      if (e.retail_price !== undefined) fields.push(['retail_price', quoted(e.retail_price)]);
      return [e.sku, map(fields, true)];
    }),
    false,
  );
  return render(new Document(map([['prices', feed]], false)) as unknown as Doc, header);
}

/** `stocks:` feed. */
export function stocksFeedText(entries: readonly { sku: string; stock: number }[], header: string[]): string {
  const feed = map(entries.map((e) => [e.sku, scalar(e.stock)]), false);
  return render(new Document(map([['stocks', feed]], false)) as unknown as Doc, header);
}
