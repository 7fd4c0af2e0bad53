/**
 * PRD102 filters (django-filter style lookups) and PRD108 search. A bad filter value is the 400
 * a DRF filterset gives: `{"field": ["message"]}`. Unknown query parameters are ignored.
 */
import { stampOf } from './render.js';
import type { MarketplaceProduct, StoredProduct } from './store.js';

export type FilterResult<T> = { ok: true; items: T[] } | { ok: false; errors: Record<string, string[]> };

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const TEXT_FIELDS = ['name', 'base_code', 'sku'] as const;
const DATE_FIELDS = { created_at: 'createdAt', updated_at: 'updatedAt' } as const;
const ATTRIBUTE_LOOKUPS = ['iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith'];

type Predicate = (p: StoredProduct) => boolean;

function textLookup(lookup: string, expected: string): (actual: string) => boolean {
  const lower = expected.toLowerCase();
  switch (lookup) {
    case 'iexact':
      return (a) => a.toLowerCase() === lower;
    case 'contains':
      return (a) => a.includes(expected);
    case 'icontains':
      return (a) => a.toLowerCase().includes(lower);
    case 'startswith':
      return (a) => a.startsWith(expected);
    case 'istartswith':
      return (a) => a.toLowerCase().startsWith(lower);
    case 'endswith':
      return (a) => a.endsWith(expected);
    case 'iendswith':
      return (a) => a.toLowerCase().endsWith(lower);
    default:
      return (a) => a === expected;
  }
}

function parseBoolean(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

function attributeFilter(param: string, value: string): Predicate {
  let key = param.slice('attribute__'.length);
  let lookup = 'exact';
  for (const l of ATTRIBUTE_LOOKUPS) {
    if (key.endsWith(`__${l}`)) {
      key = key.slice(0, -(l.length + 2));
      lookup = l;
      break;
    }
  }
  const test = textLookup(lookup, value);
  return (p) => {
    const actual = p.attributes[key];
    return actual !== undefined && actual !== null && test(String(actual));
  };
}

/**
 * Applies every PRD102 filter in `query`; `approved` defaults to true. Date filters compare the
 * stamps as listed (whole seconds when the API stamps so).
 */
export function filterProducts(
  products: Iterable<StoredProduct>,
  query: URLSearchParams,
  wholeSecondStamps = false,
): FilterResult<StoredProduct> {
  const predicates: Predicate[] = [];
  const errors: Record<string, string[]> = {};
  let approved = true;
  for (const [param, value] of query) {
    const [field, lookup = 'exact'] = param.split(/__(?=[a-z]+$)/);
    if ((TEXT_FIELDS as readonly string[]).includes(field!) && ['exact', 'contains', 'icontains'].includes(lookup)) {
      const test = textLookup(lookup, value);
      const key = field as (typeof TEXT_FIELDS)[number];
      predicates.push((p) => test(p[key]));
    } else if (param === 'category') {
      if (!UUID.test(value)) errors[param] = [`“${value}” is not a valid UUID.`];
      predicates.push((p) => p.category.toLowerCase() === value.toLowerCase());
    } else if (param === 'category__in') {
      const ids = value.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
      const bad = ids.find((id) => !UUID.test(id));
      if (bad) errors[param] = [`“${bad}” is not a valid UUID.`];
      predicates.push((p) => ids.includes(p.category.toLowerCase()));
    } else if (param.startsWith('attribute__') && param.length > 'attribute__'.length) {
      predicates.push(attributeFilter(param, value));
    } else if (param === 'approved') {
      const parsed = parseBoolean(value);
      if (parsed === undefined) errors[param] = [`Select a valid choice. ${value} is not one of the available choices.`];
      else approved = parsed;
    } else if (field! in DATE_FIELDS && ['exact', 'gt', 'gte', 'lt', 'lte'].includes(lookup)) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) {
        errors[param] = ['Enter a valid date/time.'];
        continue;
      }
      const key = DATE_FIELDS[field as keyof typeof DATE_FIELDS];
      const compare: Record<string, (t: number) => boolean> = {
        exact: (t) => t === at,
        gt: (t) => t > at,
        gte: (t) => t >= at,
        lt: (t) => t < at,
        lte: (t) => t <= at,
      };
      const test = compare[lookup]!;
      predicates.push((p) => test(stampOf(p[key], wholeSecondStamps)));
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const items = [...products]
    .filter((p) => p.approved === approved && predicates.every((test) => test(p)))
    .sort((a, b) => a.seq - b.seq);
  return { ok: true, items };
}

/**
 * PRD108: the query matched case-insensitively (NFC) in name, SKU or base code, or equal to a
 * catalog product's id. Matching the id is ASSUMED (the reference does not say which fields the
 * query searches); it is what lets shelf confirm that a `product:` uuid exists.
 */
export function searchMarketplace(catalog: MarketplaceProduct[], query: URLSearchParams): FilterResult<MarketplaceProduct> {
  const text = query.get('query');
  if (text === null || text.trim() === '') return { ok: false, errors: { query: ['This field is required.'] } };
  const needle = text.trim().normalize('NFC').toLowerCase();
  const items = catalog.filter(
    (m) =>
      m.id.toLowerCase() === needle ||
      [m.name, m.sku, m.base_code].some((field) => field.normalize('NFC').toLowerCase().includes(needle)),
  );
  return { ok: true, items };
}
