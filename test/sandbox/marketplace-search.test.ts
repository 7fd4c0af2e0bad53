/** The sandbox's PRD108: a seeded marketplace catalog large enough to page, with unicode names. */
import { describe, expect, it } from 'vitest';
import { seedMarketplace } from '../../src/sandbox/seed-marketplace.js';
import { call, makeSandbox } from './helpers.js';

const names = (body: { results: { name: string }[] }) => body.results.map((m) => m.name);

describe('sandbox marketplace catalog search (PRD108)', () => {
  it('seeds several pages at the default page size, with unique ids and names beyond ASCII', () => {
    const catalog = seedMarketplace();
    expect(catalog.length).toBeGreaterThan(50);
    expect(new Set(catalog.map((m) => m.id)).size).toBe(catalog.length);
    expect(catalog.some((m) => /[^\x20-\x7e]/.test(m.name))).toBe(true);
    expect(catalog.some((m) => /\p{Script=Katakana}/u.test(m.name))).toBe(true);
  });

  it('pages the matches at the default page size of 10, following next', async () => {
    const sandbox = makeSandbox();
    const first = await call(sandbox, 'GET', '/api/i2/products/search/?query=tee');
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(18);
    expect(first.body.results).toHaveLength(10);
    const second = await call(sandbox, 'GET', new URL(first.body.next).pathname + new URL(first.body.next).search);
    expect(second.body.results).toHaveLength(8);
    expect(second.body.next).toBeNull();
  });

  it('matches unicode names case-insensitively whatever their normalization form', async () => {
    const sandbox = makeSandbox();
    const decomposed = encodeURIComponent('CAFE\u0301 CRE\u0300ME'.normalize('NFD'));
    const found = await call(sandbox, 'GET', `/api/i2/products/search/?query=${decomposed}&limit=100`);
    expect(found.body.count).toBe(12);
    expect(names(found.body).every((n: string) => n.startsWith('Café Crème'))).toBe(true);
    const japanese = await call(sandbox, 'GET', `/api/i2/products/search/?query=${encodeURIComponent('Tシャツ')}`);
    expect(japanese.body.count).toBe(6);
  });

  it('finds a catalog product by its exact id, in any case', async () => {
    const sandbox = makeSandbox();
    const found = await call(sandbox, 'GET', '/api/i2/products/search/?query=E7FF9B80-6C00-4730-B99C-D9C5D0BA4A30');
    expect(found.body.results.map((m: { id: string }) => m.id)).toEqual(['e7ff9b80-6c00-4730-b99c-d9c5d0ba4a30']);
    const unknown = await call(sandbox, 'GET', '/api/i2/products/search/?query=00000000-0000-4000-8000-000000000000');
    expect(unknown.body.count).toBe(0);
  });
});
