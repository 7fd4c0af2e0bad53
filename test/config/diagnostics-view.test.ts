import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { diagnosticsToJson, renderDiagnostics } from '../../src/views/diagnostics.js';
import { sourceExcerpt } from '../../src/views/source-excerpt.js';
import { makeRepo, removeRepos } from '../support/repo.js';

afterAll(removeRepos);

const unknownKey: Diagnostic = {
  severity: 'error',
  code: 'unknown-key',
  summary: 'Unknown key "basecode"',
  detail: 'Did you mean `base_code`?',
  sku: 'AKN-TSHRT-RD-S',
  source: { file: 'catalog/tshirts.yaml', line: 3, column: 5 },
};

describe('diagnostics views', () => {
  const root = makeRepo({
    'catalog/tshirts.yaml': 'products:\n  - sku: AKN-TSHRT-RD-S\n    basecode: AKN-TSHRT\n\tname:\tx\n',
  });

  it('renders terraform-style, showing the line with a caret under the column', () => {
    expect(renderDiagnostics([unknownKey], { root, color: false })).toBe(
      [
        'Error: Unknown key "basecode"',
        '',
        '  on catalog/tshirts.yaml:3:5, in product AKN-TSHRT-RD-S:',
        '     3:     basecode: AKN-TSHRT',
        '            ^',
        'Did you mean `base_code`?',
        '',
      ].join('\n'),
    );
  });

  it('never prints a control character from the catalog, and cuts an absurdly long SKU', () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'control-character',
      summary: 'Unknown SKU "A-1\u001b[2J" in the stock feed',
      detail: 'Define it\u0007 first.',
      sku: `A-1\u001b[31m\u200b${'X'.repeat(10_000)}`,
      source: { file: 'catalog/tshirts.yaml', line: 2, column: 5 },
    };
    const text = renderDiagnostics([d], { root, color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b]/);
    expect(text).toContain('Unknown SKU "A-1\\u001b[2J" in the stock feed');
    expect(text).toContain('Define it\\u0007 first.');
    expect(text).toContain(', in product A-1\\u001b[31m\\u200bXXX');
    expect(text.length).toBeLessThan(400);
    // Programs get the SKU exactly as written (JSON escapes it).
    expect(diagnosticsToJson([d]).diagnostics[0]!.sku).toBe(d.sku);
  });

  it('puts errors before warnings and colours only when asked', () => {
    const warning: Diagnostic = { severity: 'warning', code: 'no-catalog-files', summary: 'No catalog files match catalog/**/*.yaml' };
    const plain = renderDiagnostics([warning, unknownKey], { root, color: false });
    expect(plain.indexOf('Error:')).toBeLessThan(plain.indexOf('Warning:'));
    expect(plain).not.toContain('\u001b[');
    expect(renderDiagnostics([unknownKey], { root, color: true })).toContain('\u001b[');
  });

  it('keeps the caret aligned on lines with tabs and windows very long lines', () => {
    expect(sourceExcerpt(root, { file: 'catalog/tshirts.yaml', line: 4, column: 8 })).toBe(`   4:  name: x\n${' '.repeat(13)}^`);
    const long = makeRepo({ 'a.yaml': `k: ${'x'.repeat(5000)}Z${'y'.repeat(5000)}\n` });
    const excerpt = sourceExcerpt(long, { file: 'a.yaml', line: 1, column: 5004 })!;
    const [text, caret] = excerpt.split('\n') as [string, string];
    expect(text.length).toBeLessThan(200);
    expect(text[caret.length - 1]).toBe('Z');
    expect(sourceExcerpt(root, { file: 'catalog/missing.yaml', line: 1, column: 1 })).toBeUndefined();
  });

  it('shows lines after multi-byte text, a BOM and CRLF line ends as the text reads', () => {
    const mixed = makeRepo({ 'm.yaml': '\uFEFFa: 1\r\nname: Çorap — ünlü\r\nsku: Z\r\nlast: é' });
    expect(sourceExcerpt(mixed, { file: 'm.yaml', line: 1, column: 1 })).toBe('   1:  a: 1\n      ^');
    expect(sourceExcerpt(mixed, { file: 'm.yaml', line: 2, column: 7 })).toBe('   2: name: Çorap — ünlü\n            ^');
    expect(sourceExcerpt(mixed, { file: 'm.yaml', line: 3, column: 6 })).toBe('   3: sku: Z\n           ^');
    expect(sourceExcerpt(mixed, { file: 'm.yaml', line: 4, column: 7 })).toBe('   4: last: é\n            ^');
    expect(sourceExcerpt(mixed, { file: 'm.yaml', line: 5, column: 1 })).toBeUndefined();
  });

  it('gives one JSON document with counts', () => {
    const doc = diagnosticsToJson([unknownKey, { severity: 'warning', code: 'w', summary: 'careful' }]);
    expect(doc).toEqual({
      format_version: '1',
      valid: false,
      error_count: 1,
      warning_count: 1,
      diagnostics: [
        {
          severity: 'error',
          code: 'unknown-key',
          summary: 'Unknown key "basecode"',
          detail: 'Did you mean `base_code`?',
          sku: 'AKN-TSHRT-RD-S',
          source: { file: 'catalog/tshirts.yaml', line: 3, column: 5 },
        },
        { severity: 'warning', code: 'w', summary: 'careful' },
      ],
    });
    expect(diagnosticsToJson([]).valid).toBe(true);
  });
});
