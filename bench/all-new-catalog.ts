/**
 * A catalog repository of flat products none of which Seller Center holds yet: what a large
 * seller plans and applies first. About 260 bytes of YAML per SKU (100,000 SKUs: 26 MB in one
 * file). Shared by the all-new benchmark and the plan-file size test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ALL_NEW_PREFIX = 'AN-';
const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];

export function allNewSku(i: number): string {
  return `${ALL_NEW_PREFIX}${String(i).padStart(6, '0')}`;
}

/** The catalog file's text: one block mapping per product, as a person or an export writes them. */
export function allNewCatalogYaml(count: number): string {
  const lines = ['products:'];
  for (let i = 0; i < count; i++) {
    const sku = allNewSku(i);
    lines.push(
      `  - sku: ${sku}`,
      `    base_code: ${ALL_NEW_PREFIX}${Math.floor(i / 42)}`,
      `    name: All-new bench tee ${i}`,
      `    category: ${TSHIRTS}`,
      `    attributes: {COLOR: ${COLORS[i % COLORS.length]}, SIZE: ${SIZES[Math.floor(i / COLORS.length) % SIZES.length]}}`,
      `    images: ["https://cdn.example.com/bench/${sku}.jpg"]`,
      `    price: "${100 + (i % 900)}.90"`,
      `    stock: ${i % 50}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes shelf.yaml (scope `AN-`, the given quotas) and catalog/all.yaml; returns the YAML's size in bytes. */
export async function writeAllNewRepo(root: string, count: number, rateLimits = '1000000/s'): Promise<number> {
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(
    join(root, 'shelf.yaml'),
    `seller_center:\n  rate_limits:\n    products: ${rateLimits}\n    categories: ${rateLimits}\nscope:\n  sku_prefixes: ["${ALL_NEW_PREFIX}"]\n`,
  );
  const yaml = allNewCatalogYaml(count);
  await writeFile(join(root, 'catalog', 'all.yaml'), yaml);
  return Buffer.byteLength(yaml);
}
