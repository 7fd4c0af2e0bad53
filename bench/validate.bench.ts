/**
 * `npm run bench validate`: generates a 100,000-SKU catalog repository (families with variants,
 * flat products, price and stock feeds; ~30 MB of YAML over several files) in a temporary
 * directory, runs the built CLI's `shelf validate` on it as a child process, and prints the wall
 * time and the child's peak RSS (reported from inside the child at exit).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKUS = Number(process.env.BENCH_SKUS ?? 100_000);
const FILES_PER_KIND = 4;
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const COLORS = ['Red', 'Black', 'White', 'Blue', 'Green', 'Grey', 'Navy'];
const CATEGORY = '07be580a-ad72-4778-b309-1d02d6c2acec';

function price(i: number): string {
  return `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}`;
}

/** Writes the repository; returns its total YAML size in bytes. */
export function generateCatalog(dir: string, skuCount: number): number {
  mkdirSync(join(dir, 'catalog'), { recursive: true });
  writeFileSync(join(dir, 'shelf.yaml'), 'seller_center:\n  url: https://seller-center.example.com/api\nmax_destroy: 5%\n');
  const familySkus = Math.floor(skuCount * 0.6);
  const familyCount = Math.ceil(familySkus / SIZES.length);
  const flatCount = skuCount - familyCount * SIZES.length;
  const prices: string[] = ['prices:'];
  const stocks: string[] = ['stocks:'];
  let bytes = 0;
  const write = (name: string, lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    writeFileSync(join(dir, 'catalog', name), text);
    bytes += Buffer.byteLength(text);
  };
  for (let part = 0; part < FILES_PER_KIND; part++) {
    const lines = ['# yaml-language-server: $schema=../../schemas/catalog.schema.json', 'families:'];
    for (let f = part; f < familyCount; f += FILES_PER_KIND) {
      const color = COLORS[f % COLORS.length]!;
      lines.push(
        `  - base_code: FAM-${f}`,
        `    name: "Hoodie ${f} – ${color} cotton blend"`,
        `    category: ${CATEGORY}`,
        `    attributes: {COLOR: ${color}, MATERIAL: cotton}`,
        `    images: [https://cdn.example.com/families/${f}/front.jpg, https://cdn.example.com/families/${f}/back.jpg]`,
        `    price: ${price(f)}`,
        `    retail_price: "${price(f + 900)}"`,
        '    restrict_for_others: false',
        '    variants:',
      );
      for (const size of SIZES) {
        const sku = `FAM-${f}-${size}`;
        lines.push(`      - sku: ${sku}`, `        attributes: {SIZE: ${size}}`);
        if (size === 'XL') lines.push(`        images: [https://cdn.example.com/families/${f}/xl.jpg]`);
        stocks.push(`  ${sku}: ${(f * 7) % 40}`);
      }
    }
    write(`families-${part + 1}.yaml`, lines);
  }
  for (let part = 0; part < FILES_PER_KIND; part++) {
    const lines = ['products:'];
    for (let i = part; i < flatCount; i += FILES_PER_KIND) {
      const sku = `FLAT-${i}`;
      lines.push(
        `  - sku: ${sku}`,
        `    base_code: FLAT-${i}`,
        `    name: Sneaker ${i} runner`,
        `    category: 9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d`,
        '    attributes:',
        `      COLOR: ${COLORS[i % COLORS.length]}`,
        `      SIZE: "${38 + (i % 9)}"`,
        '      ESTIMATED_SHIPPING_DURATION: 2',
        '      MATERIAL: Recycled polyester mesh',
        `    images:`,
        `      - https://cdn.example.com/products/${i}/main.jpg`,
        `      - https://cdn.example.com/products/${i}/side.jpg`,
        '    videos: []',
        `    restrict_for_others: false`,
      );
      prices.push(`  ${sku}: {price: "${price(i)}", retail_price: "${price(i + 900)}"}`);
      stocks.push(`  ${sku}: ${i % 25}`);
    }
    write(`products-${part + 1}.yaml`, lines);
  }
  write('prices.yaml', prices);
  write('stocks.yaml', stocks);
  return bytes;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const cli = join(here, '..', 'cli', 'shelf.js');
  const dir = mkdtempSync(join(tmpdir(), 'shelf-bench-validate-'));
  try {
    const bytes = generateCatalog(dir, SKUS);
    // The child reports its own peak RSS (workers included) as its last stderr line.
    const reporter =
      "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
      "process.stderr.write('\\nmaxrss_kb='+u.maxRSS+' cpu_us='+(u.userCPUTime+u.systemCPUTime)+'\\n')})";
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', reporter, cli, 'validate', dir, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wallMs = performance.now() - started;
    const rss = /maxrss_kb=(\d+)/.exec(run.stderr)?.[1];
    const cpu = /cpu_us=(\d+)/.exec(run.stderr)?.[1];
    let summary = '';
    try {
      const doc = JSON.parse(run.stdout) as { valid: boolean; error_count: number; product_count: number };
      summary = `valid=${doc.valid} errors=${doc.error_count} products=${doc.product_count}`;
    } catch {
      summary = `unreadable output: ${run.stderr.slice(0, 500)}`;
    }
    process.stdout.write(
      [
        `catalog: ${SKUS} SKUs, ${(bytes / 1e6).toFixed(1)} MB of YAML in ${FILES_PER_KIND * 2 + 2} catalog files and shelf.yaml`,
        `shelf validate: exit ${run.status}, ${summary}`,
        `wall time: ${(wallMs / 1000).toFixed(2)} s`,
        `peak RSS: ${rss ? (Number(rss) / 1024).toFixed(0) : '?'} MB`,
        `CPU time (user+system, all threads): ${cpu ? (Number(cpu) / 1e6).toFixed(2) : '?'} s`,
        `load average at the end: ${loadavg()[0]!.toFixed(2)} (figures are only comparable on an idle machine)`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
