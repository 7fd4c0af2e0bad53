/**
 * The fast reader must never disagree with the yaml library: on every input it accepts, both
 * build the same tree (values, plain source text, positions). Inputs outside its subset must be
 * declined, not misread.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../../src/config/yaml/fast-parse.js';
import { parseWithYamlLibrary } from '../../src/config/yaml/from-document.js';

function expectSameAsLibrary(text: string): 'accepted' | 'declined' {
  const fast = fastParse(text);
  if (!fast) return 'declined';
  const lib = parseWithYamlLibrary(text, 'f.yaml');
  expect(lib.diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
  expect(fast.root, text).toEqual(lib.root);
  return 'accepted';
}

const ACCEPTED = [
  'products:\n  - sku: A\n    price: 199.90\n    stock: 007\n',
  'a: 1\nb: -2\nc: 1.50\nd: 1e3\ne: true\nf: ~\ng:\nh: null\ni: "x # y"\nj: \'it\'\'s\'\n',
  'families:\n- base_code: X\n  variants:\n  - {sku: X-1, attributes: {SIZE: S}, stock: 4}\n  - sku: X-2\n    price: "479.00"   # cheaper\n',
  '# comment\n\nlist: [a, "b", \'c\', 1, 2.5, true, null]\nmap: {k: v, n: {m: [x]}}\nempty_list: []\nempty_map: {}\n',
  'url: https://cdn.example.com/a:b/c.jpg\nname: Linen Tee — Édition Été\ncolor: C# major\n',
  'k: v\r\nk2: v2\r\n',
  '"quoted key": 1\n\'single\': 2\n00123: x\ntrue: y\n',
  'a:\n  - - x\n    - y\n  - z\n',
  'esc: "a\\"b\\\\c\\u00e9\\n"\n',
  // Control and invisible characters written as \u escapes: both readers keep them, the checks refuse them.
  'sku: "A-1\\u001b[31m"\nname: "Tee\\u0000\\u200b\\u0085"\n',
];

const DECLINED = [
  'a: &x 1\nb: *x\n',
  'a: !tag x\n',
  'sku: !!binary QUtOLTE=\n',
  'a: [!!binary QUtOLTE=]\n',
  'a: {k: !!str 1}\n',
  '!!str 1: x\n',
  'a: |\n  block\n',
  'a: >\n  folded\n',
  'a: plain\n  continued\n',
  'a: [1,\n  2]\n',
  '---\na: 1\n',
  'a: 1\na: 2\n',
  '\ta: 1\n',
  'a:\n\t- 1\n',
  'a: b: c\n',
  '? complex\n: key\n',
  'a: "unterminated\n',
  'a: 0x1F\n',
  'a: .inf\n',
  'a:\n    b: 1\n  c: 2\n',
  '  indented: root\n',
  'a: "x" y # z\n',
  'a: [x: 1]\n',
  'a: "\\x41"\n',
  // Raw control characters and the escapes the fast reader does not decode go to the library.
  'name: Tee\u001b[2J\n',
  'name: "Tee\u0007"\n',
  'name: "Tee\\e"\n',
  'name: "Tee\\0"\n',
  'name: "Tee\\x1b"\n',
];

describe('fast YAML reader', () => {
  it.each(ACCEPTED)('reads %j exactly like the yaml library', (text) => {
    expect(expectSameAsLibrary(text)).toBe('accepted');
  });

  it.each(DECLINED)('declines %j (outside the subset or invalid)', (text) => {
    expect(fastParse(text)).toBeUndefined();
  });

  it('accepts the bundled examples and reads them like the library', () => {
    const root = join(import.meta.dirname, '..', '..', 'examples');
    let accepted = 0;
    let files = 0;
    for (const example of readdirSync(root)) {
      const dir = join(root, example, 'catalog');
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
        files += 1;
        if (expectSameAsLibrary(readFileSync(join(dir, name), 'utf8')) === 'accepted') accepted += 1;
      }
    }
    // The examples are written the way users write catalogs: nearly all must take the fast path.
    expect(accepted).toBeGreaterThanOrEqual(Math.max(1, files - 1));
  });

  it('never disagrees with the library on randomly generated and mutated documents', () => {
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const scalars = ['abc', 'Red', '199.90', '-1', '007', '1e3', 'true', 'False', '~', 'null', '"q # x"', "'it''s'", 'a: b',
      'http://x:80/y', 'C#', 'x #c', '""', "''", '-', '- x', '&a x', '*a', '!t x', '|', '0x1F', '.5', 'Été', '[a, b]',
      '{a: 1, b: [x, y]}', '{}', '[]', 'a,b', '"a\\"b"', '"\\t"', '@x', '`x', '%x', '? x', ': x', '1_000', '+5', '"x": y'];
    const keys = ['sku', 'name', 'price', 'a b', '"q"', "'s'", '123', 'true', 'k-1', 'k.x', 'x#y', 'é'];
    const block = (depth: number, indent: string): string[] => {
      const lines: string[] = [];
      const asSeq = rand() < 0.4;
      const n = 1 + Math.floor(rand() * 4);
      const step = pick(['  ', '   ', '    ']);
      for (let i = 0; i < n; i++) {
        const lead = asSeq ? `${indent}- ` : `${indent}${pick(keys)}:`;
        const r = rand();
        if (depth < 3 && r < 0.35) {
          lines.push(asSeq ? `${indent}-` : lead);
          lines.push(...block(depth + 1, indent + step));
        } else if (asSeq && depth < 3 && r < 0.5) {
          const inner = block(depth + 1, `${indent}  `);
          lines.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else {
          lines.push(`${lead}${asSeq ? '' : ' '}${pick(scalars)}${rand() < 0.2 ? '   # note' : ''}`);
        }
        if (rand() < 0.1) lines.push(`${indent}# comment`);
      }
      return lines;
    };
    const noise = ['\t', '&', '*', '!', '|', '>', '?', '%', '\\', '\r', '~', '.', '0', ':', ' ', '-', '#', '"', "'", '\n', '[', ']', '{', '}', ',', '  ', '\n  ', 'x'];
    let accepted = 0;
    for (let i = 0; i < 6000; i++) {
      let text = `${block(0, '').join('\n')}\n`;
      const mutations = Math.floor(rand() * 6);
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(rand() * text.length);
        text = rand() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + pick(noise) + text.slice(at);
      }
      if (expectSameAsLibrary(text) === 'accepted') accepted += 1;
    }
    // The property is only meaningful if the fast path takes a good share of the inputs.
    expect(accepted).toBeGreaterThan(400);
  });
});
