import { afterAll, describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/config/globs.js';
import { loadSettings, parseMaxDestroy, parseRateLimit } from '../../src/config/load-settings.js';
import { DEFAULT_FILES, DEFAULT_RATE_LIMITS } from '../../src/model/settings.js';
import { makeRepo, removeRepos } from '../support/repo.js';

afterAll(removeRepos);

describe('loadSettings', () => {
  it('applies the documented defaults when shelf.yaml is absent', async () => {
    const dir = makeRepo({});
    const { settings, diagnostics } = await loadSettings(dir);
    expect(diagnostics).toEqual([]);
    expect(settings.root).toBe(dir);
    expect(settings.files).toEqual(DEFAULT_FILES);
    expect(settings.sellerCenter.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(settings.maxDestroy).toEqual({ kind: 'percent', value: 10 });
    expect([settings.prune, settings.protect, settings.scope]).toEqual([false, [], { skuPrefixes: [], categories: [] }]);
  });

  it('reads every setting with its source line', async () => {
    const dir = makeRepo({
      'shelf.yaml': [
        'seller_center:',
        '  url: https://seller-center.example.com/api',
        '  language: en-us',
        '  rate_limits:',
        '    products: 20/min',
        '    categories: 10/600ms',
        'files: ["catalog/**/*.yaml"]',
        'prune: true',
        'scope:',
        '  sku_prefixes: [AKN-]',
        '  categories: [07BE580A-AD72-4778-B309-1D02D6C2ACEC]',
        'protect: ["AKN-HERO-*"]',
        'max_destroy: 25',
        '',
      ].join('\n'),
    });
    const { settings, diagnostics } = await loadSettings(dir);
    expect(diagnostics).toEqual([]);
    expect(settings.sellerCenter).toEqual({
      url: 'https://seller-center.example.com/api',
      language: 'en-us',
      rateLimits: { ...DEFAULT_RATE_LIMITS, products: { requests: 20, windowMs: 60_000 }, categories: { requests: 10, windowMs: 600 } },
    });
    expect(settings.prune).toBe(true);
    expect(settings.scope).toEqual({ skuPrefixes: ['AKN-'], categories: ['07be580a-ad72-4778-b309-1d02d6c2acec'] });
    expect(settings.protect).toEqual(['AKN-HERO-*']);
    expect(settings.maxDestroy).toEqual({ kind: 'count', value: 25 });
    expect(settings.sources.max_destroy).toEqual({ file: 'shelf.yaml', line: 13, column: 1 });
    expect(settings.sources['seller_center.rate_limits.categories']).toMatchObject({ line: 6 });
  });

  it('suggests the intended key for a typo and keeps the default', async () => {
    const dir = makeRepo({ 'shelf.yaml': 'max_destory: 5%\n' });
    const { settings, diagnostics } = await loadSettings(dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'unknown-key', detail: 'Did you mean `max_destroy`?', source: { line: 1 } });
    expect(settings.maxDestroy).toEqual({ kind: 'percent', value: 10 });
  });

  it('takes a quoted count for max_destroy as it takes a bare one, and still refuses a quoted non-count', async () => {
    const quoted = await loadSettings(makeRepo({ 'shelf.yaml': 'max_destroy: "5"\n' }));
    expect(quoted.diagnostics).toEqual([]);
    expect(quoted.settings.maxDestroy).toEqual({ kind: 'count', value: 5 });
    expect(quoted.settings.sources.max_destroy).toMatchObject({ line: 1 });
    const bare = await loadSettings(makeRepo({ 'shelf.yaml': 'max_destroy: 5\n' }));
    expect(bare.settings.maxDestroy).toEqual(quoted.settings.maxDestroy);
    for (const bad of ['"5.5"', '"-5"', '" 5 x"', '"five"']) {
      const refused = await loadSettings(makeRepo({ 'shelf.yaml': `max_destroy: ${bad}\n` }));
      expect(refused.diagnostics.map((d) => d.code), bad).toEqual(['invalid-max-destroy']);
      expect(refused.settings.maxDestroy).toEqual({ kind: 'percent', value: 10 });
    }
  });
});

describe('settings refused with what to do, at the value', () => {
  it('says in words what a url must be instead of showing the pattern', async () => {
    const { diagnostics } = await loadSettings(makeRepo({ 'shelf.yaml': 'seller_center:\n  url: ftp://x\n' }));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-url', source: { line: 2, column: 8 } });
    expect(diagnostics[0]!.summary).toContain('https://');
    expect(diagnostics[0]!.summary).toContain('localhost');
    expect(diagnostics[0]!.summary).toContain('"ftp://x"');
    expect(`${diagnostics[0]!.summary} ${diagnostics[0]!.detail}`).not.toMatch(/pattern|\^|\\s/);
  });

  it('points at the value of max_destroy and of a rate limit, not at the key', async () => {
    const { diagnostics } = await loadSettings(makeRepo({ 'shelf.yaml': 'max_destroy: 150%\nseller_center:\n  rate_limits:\n    products: 0/min\n' }));
    expect(diagnostics.map((d) => [d.code, d.source?.line, d.source?.column])).toEqual([
      ['invalid-rate-limit', 4, 15],
      ['invalid-max-destroy', 1, 14],
    ]);
  });

  it('refuses protect globs with syntax SKU globs do not have, each at its own line', async () => {
    const { settings, diagnostics } = await loadSettings(makeRepo({ 'shelf.yaml': 'protect: ["[", AKN-HERO-*, "AKN-[AB]?", "X-{a,b}", "A\\\\B"]\n' }));
    expect(diagnostics.map((d) => [d.code, d.source?.column])).toEqual([
      ['invalid-glob', 11],
      ['invalid-glob', 28],
      ['invalid-glob', 41],
      ['invalid-glob', 52],
    ]);
    expect(diagnostics[0]!.summary).toBe('`protect` glob "[" uses "[", which SKU globs do not support');
    expect(diagnostics[0]!.detail).toContain('* (any run of characters) and ? (any one character)');
    // The list stays as written: a refused glob fails the run, it is never silently dropped.
    expect(settings.protect).toEqual(['[', 'AKN-HERO-*', 'AKN-[AB]?', 'X-{a,b}', 'A\\B']);
  });

  it('says nothing more about files when `files:` itself is wrong', async () => {
    for (const files of ['["../../etc/*"]', '../../etc/*', '[]']) {
      const loaded = await loadSettings(makeRepo({ 'shelf.yaml': `files: ${files}\n` }));
      expect(loaded.filesInvalid, files).toBe(true);
      expect(loaded.diagnostics, files).toHaveLength(1);
    }
    expect((await loadSettings(makeRepo({ 'shelf.yaml': 'files: ["feeds/*.yaml"]\n' }))).filesInvalid).toBeUndefined();
    const scalar = await loadSettings(makeRepo({ 'shelf.yaml': 'files: ../../etc/*\n' }));
    expect(scalar.diagnostics[0]!.detail).toBe('Write a list of globs inside the repository, e.g. files: ["catalog/**/*.yaml"].');
  });
});

describe('setting value forms', () => {
  it.each([
    ['10/min', { requests: 10, windowMs: 60_000 }],
    ['5/s', { requests: 5, windowMs: 1_000 }],
    ['10/600ms', { requests: 10, windowMs: 600 }],
    [' 3 / min ', { requests: 3, windowMs: 60_000 }],
  ])('parses the rate limit %j', (text, want) => {
    expect(parseRateLimit(text)).toEqual(want);
  });

  it.each(['0/min', '10/h', '10 per minute', '10/0ms', '-1/s'])('refuses the rate limit %j', (text) => {
    expect(parseRateLimit(text)).toBeUndefined();
  });

  it('parses max_destroy as a count or a percentage', () => {
    expect(parseMaxDestroy(0)).toEqual({ kind: 'count', value: 0 });
    expect(parseMaxDestroy('12.5%')).toEqual({ kind: 'percent', value: 12.5 });
    expect(parseMaxDestroy('150%')).toBeUndefined();
    expect(parseMaxDestroy(2.5)).toBeUndefined();
    expect(parseMaxDestroy('ten')).toBeUndefined();
    expect(parseMaxDestroy('25')).toEqual({ kind: 'count', value: 25 });
    expect(parseMaxDestroy('99999999999999999999')).toBeUndefined();
  });

  it('matches file globs the way shells do', () => {
    const re = globToRegExp('catalog/**/*.{yaml,yml}');
    expect(['catalog/a.yaml', 'catalog/x/y/b.yml'].every((f) => re.test(f))).toBe(true);
    expect(['catalog/a.json', 'other/a.yaml', 'catalog.yaml'].some((f) => re.test(f))).toBe(false);
    expect(globToRegExp('c/?.yaml').test('c/ab.yaml')).toBe(false);
    expect(globToRegExp('c/*.yaml').test('c/d/e.yaml')).toBe(false);
  });
});

describe('guards:', () => {
  it('defaults to 50% / 100% / 25% and reads written values with their source line', async () => {
    expect((await loadSettings(makeRepo({}))).settings.guards).toEqual({ priceDrop: 50, priceRise: 100, stockZeroed: 25 });
    const dir = makeRepo({ 'shelf.yaml': 'guards:\n  price_drop: 30%\n  price_rise: "900%"\n  stock_zeroed: 12.5%\n' });
    const { settings, diagnostics } = await loadSettings(dir);
    expect(diagnostics).toEqual([]);
    expect(settings.guards).toEqual({ priceDrop: 30, priceRise: 900, stockZeroed: 12.5 });
    expect(settings.sources['guards.price_rise']).toEqual({ file: 'shelf.yaml', line: 3, column: 3 });
  });

  it('refuses what is not a percentage in range, at the value’s file:line:column, keeping the default', async () => {
    const dir = makeRepo({ 'shelf.yaml': 'guards:\n  price_drop: 150%\n  price_rise: 0%\n  stock_zeroed: 25\n' });
    const { settings, diagnostics } = await loadSettings(dir);
    expect(diagnostics.map((d) => [d.code, d.source?.line, d.source?.column])).toEqual([
      ['invalid-guard', 2, 15],
      ['invalid-guard', 3, 15],
      ['invalid-guard', 4, 17],
    ]);
    expect(diagnostics[0]!.summary).toBe('`guards.price_drop` must be a percentage from 0% to 100% (a cut of 100% is a price of 0), not 150%');
    expect(diagnostics[2]!.summary).toContain('not 25');
    expect(settings.guards).toEqual({ priceDrop: 50, priceRise: 100, stockZeroed: 25 });
  });

  it('names an unknown guard as the schema does (a typo is not silently ignored)', async () => {
    const { diagnostics } = await loadSettings(makeRepo({ 'shelf.yaml': 'guards:\n  price_dorp: 30%\n' }));
    expect(diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['unknown-key', 2]]);
    expect(diagnostics[0]!.detail ?? diagnostics[0]!.summary).toContain('price_drop');
  });
});
