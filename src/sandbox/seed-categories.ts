/**
 * The sandbox's category tree (CTG101) and the attributes of its leaves (CTG102). Examples and
 * tests use these ids, so they are fixed. Each leaf has what the pre-flight checks and the
 * batch validation enforce: required dropdowns (COLOR, SIZE), an optional dropdown (FIT), free
 * text (MATERIAL), a localizable text (CARE_INSTRUCTIONS), a boolean (ORGANIC), a date
 * (LAUNCH_DATE) and an `is_offer` number (ESTIMATED_SHIPPING_DURATION, set at creation only).
 */

export interface SandboxAttributeValue {
  id: number;
  label: string;
  value: string;
  translations: Record<string, string>;
}

/** One CTG102 entry, in the API's own field names. */
export interface SandboxAttribute {
  key: string;
  name: string;
  data_type: 'dropdown' | 'text' | 'number' | 'boolean' | 'date';
  default_value: string | null;
  values: SandboxAttributeValue[];
  is_required: boolean;
  is_variant: boolean;
  is_localizable: boolean;
  is_offer: boolean;
  translations: Record<string, string>;
}

/** A category as the sandbox stores it: CTG101 renders the tree, CTG102 the attributes. */
export interface SandboxCategory {
  id: string;
  name: string;
  parent: string | null;
  /** Attributes of a leaf; non-leaf categories have none. */
  attributes: SandboxAttribute[];
}

export const CATEGORY_IDS = {
  clothing: 'c0a80001-0000-4000-8000-000000000001',
  tshirts: '07be580a-ad72-4778-b309-1d02d6c2acec',
  hoodies: '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15',
  shoes: 'c0a80001-0000-4000-8000-000000000002',
  sneakers: '9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d',
} as const;

export const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
export const CLOTHING_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
export const SHOE_SIZES = ['38', '39', '40', '41', '42', '43', '44', '45', '46'];
export const FITS = ['Slim', 'Regular', 'Oversized'];

function dropdownValues(firstId: number, values: string[]): SandboxAttributeValue[] {
  return values.map((value, i) => ({ id: firstId + i, label: value, value, translations: {} }));
}

function leafAttributes(sizes: string[], sizeIdBase: number): SandboxAttribute[] {
  const common = { default_value: null, is_localizable: false, translations: {} };
  return [
    {
      ...common,
      key: 'COLOR',
      name: 'Color',
      data_type: 'dropdown',
      values: dropdownValues(100, COLORS),
      is_required: true,
      is_variant: false,
      is_offer: false,
    },
    {
      ...common,
      key: 'SIZE',
      name: 'Size',
      data_type: 'dropdown',
      values: dropdownValues(sizeIdBase, sizes),
      is_required: true,
      is_variant: true,
      is_offer: false,
    },
    {
      ...common,
      key: 'MATERIAL',
      name: 'Material',
      data_type: 'text',
      values: [],
      is_required: false,
      is_variant: false,
      is_offer: false,
    },
    {
      ...common,
      key: 'FIT',
      name: 'Fit',
      data_type: 'dropdown',
      values: dropdownValues(400, FITS),
      is_required: false,
      is_variant: false,
      is_offer: false,
    },
    {
      ...common,
      key: 'CARE_INSTRUCTIONS',
      name: 'Care instructions',
      data_type: 'text',
      values: [],
      is_required: false,
      is_variant: false,
      // Its text may differ per Accept-Language (en-us, tr-tr).
      is_localizable: true,
      is_offer: false,
      translations: { 'tr-tr': 'Bakım talimatları' },
    },
    {
      ...common,
      key: 'ORGANIC',
      name: 'Organic',
      data_type: 'boolean',
      values: [],
      is_required: false,
      is_variant: false,
      is_offer: false,
    },
    {
      ...common,
      key: 'LAUNCH_DATE',
      name: 'Launch date',
      data_type: 'date',
      values: [],
      is_required: false,
      is_variant: false,
      is_offer: false,
    },
    {
      ...common,
      key: 'ESTIMATED_SHIPPING_DURATION',
      name: 'Estimated shipping duration (days)',
      data_type: 'number',
      values: [],
      is_required: false,
      is_variant: false,
      is_offer: true,
    },
  ];
}

/** A fresh copy of the seed tree, flat (parent links), in display order. */
export function seedCategories(): SandboxCategory[] {
  return [
    { id: CATEGORY_IDS.clothing, name: 'Clothing', parent: null, attributes: [] },
    {
      id: CATEGORY_IDS.tshirts,
      name: 'T-shirts',
      parent: CATEGORY_IDS.clothing,
      attributes: leafAttributes(CLOTHING_SIZES, 200),
    },
    {
      id: CATEGORY_IDS.hoodies,
      name: 'Hoodies',
      parent: CATEGORY_IDS.clothing,
      attributes: leafAttributes(CLOTHING_SIZES, 200),
    },
    { id: CATEGORY_IDS.shoes, name: 'Shoes', parent: null, attributes: [] },
    {
      id: CATEGORY_IDS.sneakers,
      name: 'Sneakers',
      parent: CATEGORY_IDS.shoes,
      attributes: leafAttributes(SHOE_SIZES, 300),
    },
  ];
}
