/**
 * A category's attributes (CTG102) indexed once for checking many products: by key, the
 * required ones, and each dropdown's allowed values as a set, so checking 100,000 products
 * costs a few map lookups each.
 */
import type { CategoryAttribute } from '../../remote/types.js';

export type ValueKind = 'dropdown' | 'number' | 'boolean' | 'date' | 'other';

export interface AttributeRule {
  key: string;
  kind: ValueKind;
  isRequired: boolean;
  isOffer: boolean;
  /** Dropdowns: the allowed `values[].value`, in the API's order. */
  values: readonly string[];
  allowed: ReadonlySet<string>;
}

export interface CategoryRules {
  /** How messages name the category (its path, or its id). */
  name: string;
  byKey: ReadonlyMap<string, AttributeRule>;
  keys: readonly string[];
  required: readonly AttributeRule[];
}

/** The data types whose values shelf can check; any other (text, …) is taken as it is. */
export function kindOf(dataType: string): ValueKind {
  const t = dataType.toLowerCase();
  if (t === 'dropdown' || t === 'select' || t === 'choice') return 'dropdown';
  if (t === 'number' || t === 'integer' || t === 'int' || t === 'decimal' || t === 'float') return 'number';
  if (t === 'boolean' || t === 'bool' || t === 'checkbox') return 'boolean';
  if (t === 'date' || t === 'datetime') return 'date';
  return 'other';
}

export function categoryRules(attributes: readonly CategoryAttribute[], name: string): CategoryRules {
  const byKey = new Map<string, AttributeRule>();
  for (const a of attributes) {
    const kind = kindOf(a.dataType);
    byKey.set(a.key, {
      key: a.key,
      // A dropdown the API lists no values for cannot be checked: treat it as free text.
      kind: kind === 'dropdown' && a.values.length === 0 ? 'other' : kind,
      isRequired: a.isRequired,
      isOffer: a.isOffer,
      values: a.values,
      allowed: new Set(a.values),
    });
  }
  const rules = [...byKey.values()];
  return { name, byKey, keys: rules.map((r) => r.key), required: rules.filter((r) => r.isRequired) };
}
