import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import type { CatalogFileResult } from '../../src/config/build-file.js';
import { parseCacheEntryPath } from '../../src/config/parse-cache.js';
import { packEntry, unpackEntry } from '../../src/config/parse-cache-entry.js';
import { makeRepo, removeRepos } from '../support/repo.js';
import { TSHIRTS } from './repo-fixture.js';

afterAll(removeRepos);

const CACHE_ALL = { parseCacheMinBytes: 0 };
const NO_CACHE = { parseCacheMinBytes: Number.POSITIVE_INFINITY };

function product(sku: string, name: string): string {
  return `  - {sku: ${sku}, base_code: BASE, name: ${name}, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, images: ["https://cdn.example.com/${sku}.jpg"], price: "10.90", stock: 3}`;
}

function repo(): string {
  return makeRepo({
    'shelf.yaml': 'scope:\n  sku_prefixes: ["PC-"]\n',
    'catalog/a.yaml': ['products:', product('PC-A1', 'Alpha one'), product('PC-A2', 'Alpha two'), 'prices:', '  - {sku: PC-B1, price: "12.50"}', ''].join('\n'),
    // A second file with an entry the schema refuses and a duplicate SKU: diagnostics too come from the cache.
    'catalog/b.yaml': ['products:', product('PC-B1', 'Beta one'), '  - {sku: PC-B2, name: 5, stock: -1}', product('PC-A1', 'Again'), ''].join('\n'),
  });
}

/** Everything a load hands on, as text: products in order, files and diagnostics. */
async function loaded(root: string, options: { parseCacheMinBytes: number }): Promise<string> {
  const c = await loadCatalog(root, options);
  return JSON.stringify({ products: [...c.products], files: c.files, diagnostics: c.diagnostics });
}

/** Rewrites a cache entry's body (keeping its key and a valid checksum), as only a cache hit would show. */
function rewrite(root: string, file: string, edit: (body: Buffer) => Buffer): void {
  const path = parseCacheEntryPath(root, file);
  const bytes = readFileSync(path);
  const second = bytes.indexOf(10, bytes.indexOf(10) + 1);
  const newBody = edit(bytes.subarray(second + 1));
  const key = bytes.toString('latin1', 0, bytes.indexOf(10));
  writeFileSync(path, Buffer.concat([Buffer.from(`${key}\n${createHash('sha256').update(newBody).digest('hex')}\n`), newBody]));
}

/** Changes the result a cache entry holds. */
function tamper(root: string, file: string, edit: (result: CatalogFileResult) => void): void {
  rewrite(root, file, (body) => {
    const result = unpackEntry(body);
    edit(result);
    return Buffer.concat(packEntry(result)!);
  });
}

/** Changes the JSON head of a cache entry, leaving the rest as it is. */
function tamperHead(root: string, file: string, edit: (json: string) => string): void {
  rewrite(root, file, (body) => {
    const headLength = body.readUInt32LE(0);
    const json = Buffer.from(edit(body.toString('utf8', 4, 4 + headLength)));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(json.length);
    return Buffer.concat([size, json, body.subarray(4 + headLength)]);
  });
}

const renamed = (sku: string, name: string) => (result: CatalogFileResult) => {
  result.products.find((p) => p.sku === sku)!.name = name;
};

describe('the parse cache of catalog files', () => {
  it('gives exactly what a fresh parse gives, diagnostics included', async () => {
    const root = repo();
    const fresh = await loaded(root, NO_CACHE);
    expect(existsSync(join(root, '.shelf', 'parsed'))).toBe(false);
    expect(fresh).toContain('PC-B2');
    expect(await loaded(root, CACHE_ALL)).toBe(fresh); // parsed, and cached
    expect(existsSync(parseCacheEntryPath(root, 'catalog/a.yaml'))).toBe(true);
    expect(await loaded(root, CACHE_ALL)).toBe(fresh); // read from the cache
  });

  it('keeps positions that do not fit its compact form: far below their family, or far along a line', async () => {
    const variants = Array.from({ length: 1_100 }, (_, i) => `      - {sku: PF-${i}, attributes: {SIZE: M}}`);
    const root = makeRepo({
      'shelf.yaml': 'scope:\n  sku_prefixes: ["PF-", "PL-"]\n',
      'catalog/family.yaml': ['families:', '  - base_code: PF', '    name: Far family', `    category: ${TSHIRTS}`, '    attributes: {COLOR: Red}', '    variants:', ...variants, ''].join('\n'),
      'catalog/long.yaml': ['products:', `  - {sku: PL-1,${' '.repeat(2_100)}name: Long, base_code: PL, category: ${TSHIRTS}, attributes: {COLOR: Red, SIZE: M}, price: "1.00"}`, ''].join('\n'),
    });
    const fresh = await loaded(root, NO_CACHE);
    await loaded(root, CACHE_ALL);
    const hit = await loadCatalog(root, CACHE_ALL);
    expect(JSON.stringify({ products: [...hit.products], files: hit.files, diagnostics: hit.diagnostics })).toBe(fresh);
    expect(hit.products.get('PF-1099')?.fieldSources.category?.line).toBe(4);
    expect(hit.products.get('PL-1')?.fieldSources.price?.column).toBeGreaterThan(2_100);
  });

  it('re-parses only the file that changed', async () => {
    const root = repo();
    await loaded(root, CACHE_ALL);
    tamper(root, 'catalog/a.yaml', renamed('PC-A2', 'From the cache'));
    tamper(root, 'catalog/b.yaml', renamed('PC-B1', 'From the cache'));
    const hit = await loadCatalog(root, CACHE_ALL);
    expect(hit.products.get('PC-A2')?.name).toBe('From the cache');
    expect(hit.products.get('PC-B1')?.name).toBe('From the cache');

    const a = join(root, 'catalog', 'a.yaml');
    writeFileSync(a, readFileSync(a, 'utf8').replace('Alpha one', 'Alpha edited'));
    const after = await loadCatalog(root, CACHE_ALL);
    expect(after.products.get('PC-A1')?.name).toBe('Alpha edited');
    expect(after.products.get('PC-A2')?.name).toBe('Alpha two'); // a.yaml parsed again
    expect(after.products.get('PC-B1')?.name).toBe('From the cache'); // b.yaml not
  });

  it('ignores an entry that is truncated, altered or not its own, and parses the file again', async () => {
    const root = repo();
    const fresh = await loaded(root, NO_CACHE);
    await loaded(root, CACHE_ALL);
    const entry = parseCacheEntryPath(root, 'catalog/a.yaml');
    const whole = readFileSync(entry);
    const flipped = Buffer.from(whole);
    flipped[flipped.indexOf('Alpha two') + 8] = 'p'.charCodeAt(0); // the checksum no longer matches
    const corruptions = [
      whole.subarray(0, whole.length - 10),
      whole.subarray(0, whole.length - 4096),
      flipped,
      Buffer.alloc(0),
      Buffer.from('garbage'),
      readFileSync(parseCacheEntryPath(root, 'catalog/b.yaml')), // another file's entry
    ];
    for (const bytes of corruptions) {
      writeFileSync(entry, bytes);
      expect(await loaded(root, CACHE_ALL)).toBe(fresh);
      expect(readFileSync(entry).equals(whole)).toBe(true); // written again
    }
    tamperHead(root, 'catalog/a.yaml', () => '{"not": "a result"}');
    expect(await loaded(root, CACHE_ALL)).toBe(fresh);
    tamperHead(root, 'catalog/a.yaml', (json) => json.replace('"ints":', '"ints":1'));
    expect(await loaded(root, CACHE_ALL)).toBe(fresh);
    tamperHead(root, 'catalog/a.yaml', (json) => json.replace('"strings":', '"strings":1'));
    expect(await loaded(root, CACHE_ALL)).toBe(fresh);
    // Intact sizes, but a string index past the end of the strings.
    rewrite(root, 'catalog/a.yaml', (body) => {
      const copy = Buffer.from(body);
      copy.writeInt32LE(0x7fffff00, 4 + body.readUInt32LE(0) + 4); // the first product's SKU
      return copy;
    });
    expect(await loaded(root, CACHE_ALL)).toBe(fresh);
  });

  it('leaves small files out of the cache by default', async () => {
    const root = repo();
    await loadCatalog(root);
    expect(existsSync(join(root, '.shelf', 'parsed'))).toBe(false);
  });
});
