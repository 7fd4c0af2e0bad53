/**
 * A remote catalog that exercises everything import must represent: families and single
 * products, unapproved products, unicode and YAML-ambiguous text, numeric attributes, numeric-looking
 * sizes, per-variant prices, missing offers, catalog product links, restricted products, several
 * images and videos, and products outside the repository's scope.
 */
import type { SeedProduct } from '../../src/sandbox/index.js';

export const T_SHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';
export const SNEAKERS = '9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d';

export function remoteFixture(): SeedProduct[] {
  const out: SeedProduct[] = [];
  for (const [i, size] of ['XS', 'S', 'M', 'L', 'XL', 'XXL'].entries()) {
    for (const [code, color] of [['RD', 'Red'], ['BK', 'Black']] as const) {
      out.push({
        sku: `RT-TSHRT-${code}-${size}`,
        base_code: 'RT-TSHRT',
        name: 'Akinon Basic T-shirt',
        category: T_SHIRTS,
        attributes: { COLOR: color, SIZE: size, MATERIAL: 'Cotton #1: soft' },
        images: ['https://cdn.example.com/rt/tshirt.jpg'],
        price: size === 'XXL' ? '209.90' : '199.90',
        retail_price: '249.90',
        stock: (i * 7) % 5,
        approved: !(code === 'BK' && size === 'XXL'),
      });
    }
  }
  for (const size of ['S', 'M', 'L']) {
    out.push({
      sku: `RT-CAFE-WH-${size}`,
      base_code: 'RT-CAFE',
      name: 'Café Crème Hoodie — Édition Été',
      category: HOODIES,
      attributes: { COLOR: 'White', SIZE: size },
      images: ['https://cdn.example.com/rt/cafe-front.jpg', 'https://cdn.example.com/rt/cafe-back.jpg'],
      videos: ['https://cdn.example.com/rt/cafe.mp4'],
      restrict_for_others: true,
      product: 'e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30',
      price: '459.9',
      stock: size === 'L' ? 0 : 3,
      approved: size !== 'M',
    });
  }
  for (const size of ['38', '39', '40', '41', '42', '43', '44', '45', '46']) {
    out.push({
      sku: `RT-STRASSE-${size}`,
      base_code: 'RT-STRASSE',
      name: 'Straße Runner',
      category: SNEAKERS,
      attributes: { COLOR: 'Navy', SIZE: size, ESTIMATED_SHIPPING_DURATION: 3 },
      images: [`https://cdn.example.com/rt/strasse-${size}.jpg`],
      price: '1249.00',
      stock: Number(size) - 38,
    });
  }
  // Single products, one with a name a YAML reader would take for a boolean and no offer at all.
  out.push({
    sku: 'RT-1E3',
    base_code: '2024',
    name: 'true',
    category: SNEAKERS,
    attributes: { COLOR: 'White', SIZE: '42', MATERIAL: 'yes' },
  });
  out.push({
    sku: 'RT-KADIN-ÇANTA',
    base_code: 'RT-KADIN',
    name: 'Kadın Çanta 👜 "özel"',
    category: HOODIES,
    attributes: { COLOR: 'Grey', SIZE: 'M' },
    price: '0.50',
    stock: 1,
    approved: false,
  });
  // Outside the scope (prefix RT-): never imported.
  out.push({ sku: 'OTHER-1', base_code: 'OTHER', name: 'Other seller line', category: T_SHIRTS, attributes: { COLOR: 'Red', SIZE: 'S' } });
  return out;
}
