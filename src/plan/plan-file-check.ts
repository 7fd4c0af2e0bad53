/**
 * A saved plan is checked once, when it is read: everything after (show, the stale check,
 * apply) trusts its types as it trusts a record normalized from the API. A file edited by hand
 * or cut short is refused by name and path instead of being applied half-understood.
 */
import { parseDecimal } from '../model/decimal.js';

type Check = (value: unknown, path: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const string: Check = (v, path) => (typeof v === 'string' ? undefined : `${path} is not text`);
const text: Check = (v, path) => (typeof v === 'string' && v !== '' ? undefined : `${path} is not a non-empty text`);
const count: Check = (v, path) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `${path} is not a whole number ≥ 0`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : `${path} is not true or false`);
const decimal: Check = (v, path) => (typeof v === 'string' && parseDecimal(v) === v ? undefined : `${path} is not a decimal such as "12.50"`);
const strings: Check = (v, path) => {
  if (!Array.isArray(v)) return `${path} is not a list`;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return `${path}[${i}] is not text`;
  return undefined;
};
const list: Check = (v, path) => (Array.isArray(v) ? undefined : `${path} is not a list`);
const object: Check = (v, path) => (isObject(v) ? undefined : `${path} is not an object`);
const optional = (check: Check): Check => (v, path) => (v === undefined ? undefined : check(v, path));
const nullable = (check: Check): Check => (v, path) => (v === null ? undefined : check(v, path));
const oneOf = (...values: string[]): Check => (v, path) => (values.includes(v as string) ? undefined : `${path} is not one of ${values.join(', ')}`);

const attributes: Check = (v, path) => {
  if (!isObject(v)) return `${path} is not an object`;
  for (const key in v) {
    const type = typeof v[key];
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return `${path}.${key} is not text, a number or true/false`;
  }
  return undefined;
};

function shape(fields: Record<string, Check>): Check {
  const entries = Object.entries(fields);
  return (v, path) => {
    if (!isObject(v)) return `${path} is not an object`;
    for (const [key, check] of entries) {
      const problem = check(v[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** The fields both records share: the catalog fields shelf manages. */
const recordFields = {
  sku: text,
  name: string,
  base_code: string,
  category: string,
  attributes,
  restrict_for_others: optional(boolean),
  price: optional(decimal),
  retail_price: optional(decimal),
  stock: optional(count),
};

const remoteRecord = shape({ ...recordFields, images: strings, videos: strings, product: nullable(string) });
const desiredRecord = shape({
  ...recordFields,
  images: optional(strings),
  videos: optional(strings),
  product: optional(nullable(string)),
  source: object,
  fieldSources: object,
});

/** A change as the file stores it: its per-field changes are made again from its records. */
const change = shape({
  sku: text,
  action: oneOf('create', 'update', 'delete'),
  changed: strings,
  before: nullable(remoteRecord),
  after: nullable(desiredRecord),
  remoteFingerprint: nullable(string),
});

/** The plan in the file's first line: its changes follow, one per line. */
const plan = shape({
  summary: shape({ add: count, change: count, destroy: count, unchanged: count }),
  cost: list,
  warnings: list,
});

const savedPlan = shape({
  created_at: string,
  repository: shape({ root: text, identity: text }),
  targets: strings,
  allowed: optional(strings),
  plan,
  change_count: count,
});

/** The first thing in the file's first line that is not what `plan --out` writes, as a path and a reason; undefined when it is sound. */
export function checkSavedPlanShape(data: unknown): string | undefined {
  return savedPlan(data, 'the file');
}

/** The same for one change line; `path` names it (`the file.plan.changes[3]`). */
export function checkStoredChangeShape(data: unknown, path: string): string | undefined {
  return change(data, path);
}
