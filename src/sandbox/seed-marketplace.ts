/**
 * The marketplace catalog (PRD108 search, PRD101 `product` links), with fixed ids: four
 * hand-written products that tests and examples name, and product lines in several colours and
 * sizes, with names in several scripts, so a search pages at the API's default page size (10)
 * and every view meets text that is not ASCII. Colours and sizes are values the category allows,
 * so an offer linked to any of them can be created.
 */
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

/** A product line: one catalog product per colour and size. */
interface Line {
  name: string;
  baseCode: string;
  category: string;
  colors: string[];
  sizes: string[];
}

const LINES: Line[] = [
  { name: 'Çizgili Tişört', baseCode: 'MKT-CIZGILI', category: CATEGORY_IDS.tshirts, colors: ['Navy', 'White', 'Red'], sizes: ['S', 'M'] },
  { name: 'Café Crème Tee', baseCode: 'MKT-CAFE-TEE', category: CATEGORY_IDS.tshirts, colors: ['White', 'Black', 'Grey'], sizes: ['M', 'L'] },
  { name: 'Ørsted Organic Tee', baseCode: 'MKT-ORSTED-TEE', category: CATEGORY_IDS.tshirts, colors: ['Green', 'Blue', 'White'], sizes: ['S', 'L'] },
  { name: 'ベーシック Tシャツ', baseCode: 'MKT-BASIC-JP', category: CATEGORY_IDS.tshirts, colors: ['Black', 'White', 'Navy'], sizes: ['M', 'XL'] },
  { name: 'Akinon Tee', baseCode: 'MKT-AKN-TEE', category: CATEGORY_IDS.tshirts, colors: ['Red', 'Blue', 'Black'], sizes: ['S', 'M'] },
  { name: 'Café Crème Hoodie', baseCode: 'MKT-CAFE-HOODIE', category: CATEGORY_IDS.hoodies, colors: ['White', 'Grey', 'Navy'], sizes: ['M', 'L'] },
  { name: 'Šumava Fleece Hoodie', baseCode: 'MKT-SUMAVA', category: CATEGORY_IDS.hoodies, colors: ['Green', 'Black', 'Grey'], sizes: ['L', 'XL'] },
  { name: 'Ağaç Kapüşonlu', baseCode: 'MKT-AGAC', category: CATEGORY_IDS.hoodies, colors: ['Green', 'Navy', 'Black'], sizes: ['S', 'M'] },
  { name: 'Zürich Runner', baseCode: 'MKT-ZURICH', category: CATEGORY_IDS.sneakers, colors: ['White', 'Black', 'Blue'], sizes: ['41', '43'] },
  { name: 'São Paulo Court Sneaker', baseCode: 'MKT-SAOPAULO', category: CATEGORY_IDS.sneakers, colors: ['White', 'Green', 'Red'], sizes: ['40', '44'] },
];

/** Fixed, valid uuids for the generated products: …-8000-00000000000N. */
function lineProductId(n: number): string {
  return `5eed0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function lineProducts(): MarketplaceProduct[] {
  const out: MarketplaceProduct[] = [];
  for (const line of LINES) {
    for (const color of line.colors) {
      for (const size of line.sizes) {
        const sku = `${line.baseCode}-${color.slice(0, 2).toUpperCase()}-${size}`;
        out.push(entry(lineProductId(out.length + 1), `${line.name} ${color}`, line.baseCode, sku, line.category, { COLOR: color, SIZE: size }));
      }
    }
  }
  return out;
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
    ...lineProducts(),
  ];
}
