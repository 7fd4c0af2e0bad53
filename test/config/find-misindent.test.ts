import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMisindentedLine } from '../../src/config/yaml/find-misindent.js';
import { packageFile } from '../../src/package-info.js';

describe('findMisindentedLine', () => {
  it('finds nothing in well-indented catalogs, the shipped examples among them', () => {
    for (const example of ['basic', 'fashion', 'erp-feed']) {
      const dir = packageFile('examples', example, 'catalog');
      for (const file of readdirSync(dir)) expect(findMisindentedLine(readFileSync(join(dir, file), 'utf8')), file).toBeUndefined();
    }
    const forms = [
      'products:\n- sku: A\n  name: x\n',
      'families:\n  - base_code: B\n    variants:\n      - {sku: B-1,\n         stock: 1}\n      - sku: B-2\n',
      'products:\n  - sku: A\n    name: |\n      free text\n        indented deeper\n    stock: 1\n',
      'products:\n  -\n    sku: A\n  - - nested\n    - seq\n',
      '# comment\n\nstocks:\n  A: 1   # trailing\n  "B: x": 2\n',
    ];
    for (const text of forms) expect(findMisindentedLine(text), text).toBeUndefined();
  });

  it('names an over-indented key with the sibling it belongs with', () => {
    const text = 'products:\n  - sku: A-1\n    base_code: A\n      name: Two\n    stock: 1\n';
    expect(findMisindentedLine(text)).toEqual({ line: 4, indent: 6, expected: 4, example: { line: 3, text: 'base_code: A' } });
  });

  it('names an under-indented key once, not the correct lines after it', () => {
    const text = 'products:\n  - sku: A-1\n    base_code: A\n   name: One\n    category: c\n    stock: 1\n';
    expect(findMisindentedLine(text)).toMatchObject({ line: 4, indent: 3, expected: 4 });
  });

  it('names a list item pushed off its column', () => {
    const text = 'products:\n  - sku: A-1\n    stock: 1\n   - sku: A-2\n';
    expect(findMisindentedLine(text)).toEqual({ line: 4, indent: 3, expected: 2, example: { line: 2, text: '- sku: A-1' } });
  });
});
