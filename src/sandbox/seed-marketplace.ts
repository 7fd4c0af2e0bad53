/** A small marketplace catalog (PRD108 search, PRD101 `product` links), with fixed ids. */
import type { MarketplaceProduct } from './store.js';
import { CATEGORY_IDS } from './seed-categories.js';

const SEEDED_AT = '2026-01-05T09:00:00Z';

function entry(
  id: string,
  name: string,
  baseCode: string,
  sku: string,
  category: string,
  attributes: Record<string, unknown>,
): MarketplaceProduct {
  return {
    id,
    name,
    base_code: baseCode,
    sku,
    category,
    attributes,
    images: [`https://placehold.co/1920x1080?text=${encodeURIComponent(name)}`],
    videos: [],
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  };
}

export function seedMarketplace(): MarketplaceProduct[] {
  return [
    entry('e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30', 'Akinon Red T-shirt', 'AKN-TSHRT', 'AKN-TSHRT-RD-S', CATEGORY_IDS.tshirts, {
      COLOR: 'Red',
      SIZE: 'S',
    }),
    entry('5d1b7e2a-3c4f-4a6b-9e8d-7f6a5b4c3d2e', 'Akinon Black T-shirt', 'AKN-TSHRT', 'AKN-TSHRT-BK-M', CATEGORY_IDS.tshirts, {
      COLOR: 'Black',
      SIZE: 'M',
    }),
    entry('a4e3d2c1-b0a9-4f8e-8d7c-6b5a4f3e2d1c', 'Classic Grey Hoodie', 'CLS-HOODIE', 'CLS-HOODIE-GR-L', CATEGORY_IDS.hoodies, {
      COLOR: 'Grey',
      SIZE: 'L',
      MATERIAL: 'Cotton',
    }),
    entry('0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f', 'Runner White Sneaker', 'RUN-SNKR', 'RUN-SNKR-WH-42', CATEGORY_IDS.sneakers, {
      COLOR: 'White',
      SIZE: '42',
    }),
  ];
}
