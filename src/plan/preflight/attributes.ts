/**
 * Pre-flight of product attributes against their category's schema (CTG102), for every product
 * a plan will write: a required attribute missing, a dropdown value not allowed, a value of the
 * wrong type, a change to an `is_offer` attribute of an existing product (errors), and a key the
 * category does not define (a warning: the API may accept it). Pure: the schemas come in.
 *
 * One diagnostic per problem and place: a bad value written once in a family and inherited by
 * forty variants reads as one problem naming the SKUs, at the line that holds it.
 */
import { closest } from '../../config/did-you-mean.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { AttributeValue, DesiredProduct, RemoteProduct } from '../../model/product.js';
import type { SourcePos } from '../../model/source.js';
import type { CategoryAttribute } from '../../remote/types.js';
import { type AttributeRule, type CategoryRules, categoryRules, type ValueKind } from './category-rules.js';

export interface ProductToWrite {
  product: DesiredProduct;
  /** The remote record it updates; null for a create. */
  existing: RemoteProduct | null;
}

/** Allowed values are listed in full up to this many. */
const VALUES_LISTED = 12;
const SKUS_LISTED = 5;

/**
 * `categoryNames` (id → "Clothing > T-shirts") makes the messages readable; ids are shown
 * for categories it does not name.
 */
export function checkAttributes(
  writes: Iterable<ProductToWrite>,
  schemas: ReadonlyMap<string, readonly CategoryAttribute[]>,
  categoryNames: ReadonlyMap<string, string> = new Map(),
): Diagnostic[] {
  const rulesOf = new Map<string, CategoryRules>();
  const groups = new Map<string, { diagnostic: Diagnostic; skus: string[] }>();
  const report = (d: Diagnostic, key: string) => {
    const group = groups.get(key);
    if (group) group.skus.push(d.sku!);
    else groups.set(key, { diagnostic: d, skus: [d.sku!] });
  };
  for (const { product, existing } of writes) {
    let rules = rulesOf.get(product.category);
    if (!rules) {
      const schema = schemas.get(product.category);
      if (!schema) continue;
      rules = categoryRules(schema, categoryNames.get(product.category) ?? product.category);
      rulesOf.set(product.category, rules);
    }
    checkProduct(product, existing, rules, report);
  }
  return [...groups.values()].map(({ diagnostic, skus }) => withSkus(diagnostic, skus));
}

type Report = (d: Diagnostic, groupKey: string) => void;

function checkProduct(product: DesiredProduct, existing: RemoteProduct | null, rules: CategoryRules, report: Report): void {
  const { attributes } = product;
  for (const rule of rules.required) {
    if (!isMissing(attributes[rule.key])) continue;
    // An offer attribute set at creation stays when a later upsert leaves it out.
    if (rule.isOffer && existing && !isMissing(existing.attributes[rule.key])) continue;
    const d = missing(product, rule, rules);
    report(d, `${d.code}|${product.category}|${rule.key}|${product.sku}`);
  }
  for (const key in attributes) {
    const value = attributes[key]!;
    const source = product.fieldSources[`attributes.${key}`] ?? product.source;
    const rule = rules.byKey.get(key);
    const at = `${source.file}:${source.line}:${source.column}|${key}`;
    if (!rule) {
      const d = unknownKey(product, key, rules, source);
      report(d, `${d.code}|${product.category}|${at}`);
      continue;
    }
    if (isMissing(value)) continue;
    const problem = valueProblem(product, rule, rules.name, value, source);
    if (problem) report(problem, `${problem.code}|${product.category}|${at}|${String(value)}`);
    if (rule.isOffer && existing && String(existing.attributes[key] ?? '') !== String(value)) {
      const d = offerChanged(product, rule, existing.attributes[key], value, source);
      report(d, `${d.code}|${product.sku}|${key}`);
    }
  }
}

function isMissing(v: AttributeValue | undefined | null): boolean {
  return v === undefined || v === null || v === '';
}

function withSkus(d: Diagnostic, skus: string[]): Diagnostic {
  if (skus.length === 1) return d;
  const listed = skus.slice(0, SKUS_LISTED).join(', ');
  const more = skus.length > SKUS_LISTED ? ', …' : '';
  return { ...d, summary: `${d.summary} (${skus.length} SKUs)`, detail: `${d.detail ?? ''} Affects ${listed}${more}.`.trim() };
}

function allowedList(rule: AttributeRule): string {
  if (rule.values.length <= VALUES_LISTED) return `Allowed values: ${rule.values.join(', ')}.`;
  return `${rule.values.length} values are allowed, e.g. ${rule.values.slice(0, VALUES_LISTED).join(', ')}, ….`;
}

function missing(product: DesiredProduct, rule: AttributeRule, rules: CategoryRules): Diagnostic {
  const example = rule.kind === 'dropdown' ? ` ${allowedList(rule)}` : '';
  return {
    severity: 'error',
    code: 'attribute-required',
    summary: `${product.sku} has no ${rule.key}, which category ${rules.name} requires`,
    detail: `Add ${rule.key} to the product's attributes (or to its family's).${example}`,
    sku: product.sku,
    source: product.source,
  };
}

function unknownKey(product: DesiredProduct, key: string, rules: CategoryRules, source: SourcePos): Diagnostic {
  const near = closest(key, rules.keys);
  return {
    severity: 'warning',
    code: 'attribute-not-in-category',
    summary: `${product.sku}: category ${rules.name} does not define the attribute ${key}`,
    detail: `${near ? `Did you mean ${near}? ` : ''}Seller Center may accept attributes outside the category's list (e.g. ESTIMATED_SHIPPING_DURATION); if ${key} is meant, leave it. The category defines: ${rules.keys.join(', ') || 'none'}.`,
    sku: product.sku,
    source,
  };
}

const TYPE_NAMES: Record<Exclude<ValueKind, 'dropdown' | 'other'>, { name: string; example: string }> = {
  number: { name: 'a number', example: '2' },
  boolean: { name: 'true or false', example: 'true' },
  date: { name: 'a date (YYYY-MM-DD)', example: '2026-01-31' },
};

function fitsKind(kind: ValueKind, value: AttributeValue): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim());
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value.trim()));
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) && !Number.isNaN(Date.parse(value.trim().slice(0, 10)));
    default:
      return true;
  }
}

function valueProblem(product: DesiredProduct, rule: AttributeRule, category: string, value: AttributeValue, source: SourcePos): Diagnostic | undefined {
  const text = String(value);
  if (rule.kind === 'dropdown') {
    if (rule.allowed.has(text)) return undefined;
    const near = closest(text, rule.values);
    return {
      severity: 'error',
      code: 'attribute-value-not-allowed',
      summary: `${product.sku}: ${rule.key} "${text}" is not an allowed value in category ${category}`,
      detail: `${near ? `Did you mean \`${near}\`? ` : ''}Values must match exactly. ${allowedList(rule)}`,
      sku: product.sku,
      source,
    };
  }
  if (rule.kind === 'other' || fitsKind(rule.kind, value)) return undefined;
  const type = TYPE_NAMES[rule.kind];
  return {
    severity: 'error',
    code: 'attribute-wrong-type',
    summary: `${product.sku}: ${rule.key} is "${text}", not ${type.name}`,
    detail: `Write ${rule.key} as ${type.name}, e.g. ${rule.key}: ${type.example}.`,
    sku: product.sku,
    source,
  };
}

function offerChanged(
  product: DesiredProduct,
  rule: AttributeRule,
  before: AttributeValue | undefined,
  after: AttributeValue,
  source: SourcePos,
): Diagnostic {
  const was = before === undefined || before === null ? 'not set' : `"${String(before)}"`;
  return {
    severity: 'error',
    code: 'attribute-offer-locked',
    summary: `${product.sku}: ${rule.key} can only be set when a product is created; Seller Center has it ${was}, the catalog says "${String(after)}"`,
    detail:
      before === undefined || before === null
        ? `Remove ${rule.key} from this product, or create the product again under a new SKU with it.`
        : `Put back ${rule.key}: ${String(before)}, or create the product again under a new SKU with the new value (and retire the old SKU).`,
    sku: product.sku,
    source,
  };
}
