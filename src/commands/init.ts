/**
 * `shelf init [DIR]`: scaffold a catalog repository — a commented shelf.yaml, an example catalog
 * file with the editor schema hint, `.shelf/` in .gitignore, and the CI examples shipped with shelf.
 * Nothing is written when a file would be overwritten, unless --force.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ignoreLocalState, schemaCopies, schemaHint } from '../import/repository-files.js';
import { packageFile, VERSION } from '../package-info.js';
import { EXIT_ERROR, EXIT_OK, type CommandIO } from './io.js';

export interface InitOptions {
  dir: string;
  force?: boolean;
  /** Only (re)write the repository's schema copies, e.g. after upgrading shelf. */
  schemas?: boolean;
}

const SETTINGS_TEMPLATE = (schemaHint: string) => `${schemaHint}
# shelf settings. Every key is optional; the values shown are the defaults unless noted.

seller_center:
  # The API's base URL. The environment variable SHELF_URL and the --url flag override it.
  # The token is never written here: set SHELF_TOKEN (or SHELF_TOKEN_FILE) in the environment.
  # url: https://seller-center.example.com/api
  # language: en-us          # Accept-Language; only languages active in your back office work
  rate_limits:               # requests per window, per API resource (forms: N/min, N/s, N/<ms>ms)
    products: 10/min
    categories: 30/min

# Which files hold the desired catalog.
files: ["catalog/**/*.yaml", "catalog/**/*.yml"]

# The remote products this repository owns. plan, prune and import look only here.
scope:
  sku_prefixes: []           # e.g. ["AKN-"]; empty = every SKU
  categories: []             # category ids; empty = every category

# true: remote products in scope that the catalog does not list are deleted.
prune: false
# SKU globs that are never deleted, e.g. ["AKN-HERO-*"].
protect: []
# A plan deleting more than this (a count, or a percentage of the products in scope) is refused.
max_destroy: 10%
# Refusals of fat-finger prices and broken stock feeds (--allow-price-change / --allow-stock-change
# lift them for one run): a price cut or raised by more than this against Seller Center's, and
# the share of in-stock SKUs set to 0 (once 10 or more are).
guards:
  price_drop: 50%
  price_rise: 100%
  stock_zeroed: 25%
`;

function exampleCatalog(schemaHint: string): string {
  return `${schemaHint}
# An example: replace it with your products, or delete it and run \`shelf import\` to write
# your current catalog as YAML. Any file under catalog/ may hold products, families, prices, stocks.
products:
  - sku: EXAMPLE-TSHRT-RD-M
    base_code: EXAMPLE-TSHRT
    name: Example Red T-shirt
    category: 07be580a-ad72-4778-b309-1d02d6c2acec   # a leaf category id of your marketplace
    attributes: {COLOR: Red, SIZE: M}
    images: [https://cdn.example.com/example-tshirt-red.jpg]
    price: "199.90"           # exact decimals, quoted
    retail_price: "249.90"
    stock: 10

# Variants of one base code share their fields; a variant's attributes merge over the family's.
families:
  - base_code: EXAMPLE-HOODIE
    name: Example Hoodie
    category: 3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15
    attributes: {COLOR: Black}
    price: "499.00"
    variants:
      - {sku: EXAMPLE-HOODIE-BK-S, attributes: {SIZE: S}, stock: 4}
      - {sku: EXAMPLE-HOODIE-BK-M, attributes: {SIZE: M}, stock: 0, price: "479.00"}
`;
}

interface Scaffold {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

async function scaffoldFiles(root: string): Promise<Scaffold[]> {
  const ci = (name: string) => readFile(packageFile('examples', 'ci', name), 'utf8');
  return [
    { path: 'shelf.yaml', content: SETTINGS_TEMPLATE(schemaHint('shelf', root, root)) },
    { path: 'catalog/example.yaml', content: exampleCatalog(schemaHint('catalog', join(root, 'catalog'), root)) },
    ...(await schemaCopies()),
    { path: '.github/workflows/shelf.yml', content: await ci('github-actions.yml') },
    { path: '.gitlab-ci.yml', content: await ci('gitlab-ci.yml') },
  ];
}

/** `init --schemas`: refreshes the schema copies the editor hints point at, touching nothing else. */
async function refreshSchemas(root: string, io: CommandIO): Promise<number> {
  const copies = await schemaCopies();
  for (const f of copies) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.content);
  }
  io.stdout.write(`Refreshed the schemas of shelf ${VERSION} in ${root}\n${copies.map((f) => `  ${f.path}\n`).join('')}`);
  return EXIT_OK;
}

export async function runInit(opts: InitOptions, io: CommandIO): Promise<number> {
  const root = resolve(io.cwd, opts.dir);
  if (opts.schemas) return refreshSchemas(root, io);
  const files = await scaffoldFiles(root);
  const existing = files.filter((f) => existsSync(join(root, f.path)));
  if (existing.length > 0 && !opts.force) {
    io.stderr.write(
      `Error: shelf init would overwrite existing files in ${root}:\n${existing
        .map((f) => `  ${f.path}\n`)
        .join('')}Nothing was written. Use --force to overwrite them.\n`,
    );
    return EXIT_ERROR;
  }
  for (const f of files) {
    const target = join(root, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.content);
  }
  const ignored = await ignoreLocalState(root);
  const written = [...files.map((f) => f.path), ...(ignored ? ['.gitignore'] : [])];
  io.stdout.write(
    `Initialized a shelf catalog repository in ${root}\n${written.map((p) => `  ${p}\n`).join('')}\n` +
      'Next steps:\n' +
      '  export SHELF_URL=... SHELF_TOKEN=...   (or run `shelf sandbox` and eval its first two lines)\n' +
      '  shelf plan                             see what the example would change\n' +
      '  shelf import                           or: delete catalog/example.yaml and write your current catalog\n' +
      'Keep the CI file you use (.github/workflows/shelf.yml or .gitlab-ci.yml) and delete the other.\n',
  );
  return EXIT_OK;
}
