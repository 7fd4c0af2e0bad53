/**
 * `npm run bench preflight`: the CPU the attribute pre-flight adds to a plan of 100,000
 * products over 50 categories (half of them updates of existing products, so the is_offer rule
 * runs too; one product in 100 carries a mistake, so diagnostics are built and grouped). The
 * products are built in memory: the figure is the checks' alone, measured with
 * process.cpuUsage() (user + system), best of a few runs after a warm-up. Target: ≤ 0.5 s.
 */
import type { DesiredProduct, RemoteProduct } from '../src/model/product.js';
import { checkAttributes, type ProductToWrite } from '../src/plan/preflight/attributes.js';
import type { CategoryAttribute } from '../src/remote/types.js';
import { seedCategories } from '../src/sandbox/index.js';
import { readCategoryAttributes } from '../src/remote/categories.js';

const PRODUCTS = Number(process.env.BENCH_SKUS ?? 100_000);
const CATEGORIES = 50;
const RUNS = 5;
const TARGET_MS = 500;
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];

// The sandbox's T-shirts schema, read as the client reads CTG102, for each of 50 categories.
const tshirts = readCategoryAttributes(seedCategories().find((c) => c.name === 'T-shirts')!.attributes);
const schemas = new Map<string, CategoryAttribute[]>();
for (let c = 0; c < CATEGORIES; c++) schemas.set(`category-${c}`, tshirts);

function build(): ProductToWrite[] {
  const out: ProductToWrite[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const sku = `AKN-${String(i).padStart(6, '0')}`;
    const attributes: DesiredProduct['attributes'] = {
      COLOR: COLORS[i % COLORS.length]!,
      SIZE: SIZES[i % SIZES.length]!,
      MATERIAL: 'Cotton',
      ESTIMATED_SHIPPING_DURATION: 2,
    };
    if (i % 100 === 7) attributes.COLOR = 'Purple';
    if (i % 100 === 42) attributes.COLOUR = 'Red';
    const line = 3 + i * 6;
    const fieldSources = Object.fromEntries(Object.keys(attributes).map((k) => [`attributes.${k}`, { file: 'catalog/big.yaml', line: line + 4, column: 18 }]));
    const product: DesiredProduct = {
      sku,
      name: `Tee ${i}`,
      base_code: `AKN-${Math.floor(i / 5)}`,
      category: `category-${i % CATEGORIES}`,
      attributes,
      source: { file: 'catalog/big.yaml', line, column: 5 },
      fieldSources,
    };
    const existing: RemoteProduct | null =
      i % 2 === 0 ? null : { ...product, attributes: { ...attributes, ESTIMATED_SHIPPING_DURATION: 2 }, images: [], videos: [], product: null };
    out.push({ product, existing });
  }
  return out;
}

const writes = build();
checkAttributes(writes, schemas); // warm-up
let best = Number.POSITIVE_INFINITY;
let found = 0;
for (let run = 0; run < RUNS; run++) {
  const before = process.cpuUsage();
  found = checkAttributes(writes, schemas).length;
  const used = process.cpuUsage(before);
  best = Math.min(best, (used.user + used.system) / 1000);
}
const verdict = best <= TARGET_MS ? 'within' : 'OVER';
process.stdout.write(
  `pre-flight of ${PRODUCTS.toLocaleString('en-US')} products over ${CATEGORIES} categories: ${best.toFixed(0)} ms CPU (best of ${RUNS}), ` +
    `${found} diagnostics; ${verdict} the ${TARGET_MS} ms target\n`,
);
process.exitCode = best <= TARGET_MS ? 0 : 1;
