/** Catalogs and settings of the apply end-to-end tests (the sandbox harness is in test/support). */

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
/** An image the sandbox cannot download (a host under `.invalid`). */
export const UNREACHABLE_IMAGE = 'https://cdn.invalid/tee.jpg';

/**
 * A small T-shirt catalog: `n` SKUs with price and stock, one of them (optionally) with an image
 * the API cannot download, so it refuses that record when the batch runs (a refusal no pre-flight
 * check can foresee). Seven lines per SKU; the rejected one has an `images:` line after its attributes.
 */
export function tshirtCatalog(n: number, opts: { rejectedAt?: number; prefix?: string } = {}): string {
  const prefix = opts.prefix ?? 'TEE-';
  const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
  const colors = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
  const lines = ['products:'];
  for (let i = 0; i < n; i++) {
    const color = colors[i % colors.length];
    lines.push(`  - sku: ${prefix}${String(i).padStart(3, '0')}`);
    lines.push(`    base_code: ${prefix}BASE`);
    lines.push(`    name: Tee ${i}`);
    lines.push(`    category: ${TSHIRTS}`);
    lines.push(`    attributes: {COLOR: ${color}, SIZE: ${sizes[i % sizes.length]}}`);
    if (i === opts.rejectedAt) lines.push(`    images: [${UNREACHABLE_IMAGE}]`);
    lines.push(`    price: "${100 + i}.90"`);
    lines.push(`    stock: ${i + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The sandbox runs 20× faster; quotas of the same shape tell shelf so (its polls and back-off follow). */
export const SHELF_YAML =
  'seller_center:\n  rate_limits:\n    products: 10/3000ms\n    categories: 30/3000ms\n' +
  'scope:\n  sku_prefixes: ["TEE-"]\nprune: true\nmax_destroy: 100%\n';
