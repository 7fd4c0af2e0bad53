/**
 * One file's bytes → tree → schema check → records. Pure (no I/O), so it runs the same in the
 * main thread or in a worker.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { buildCatalogFile, type CatalogFileResult } from './build-file.js';
import { mapSchemaErrors } from './schema-diagnostics.js';
import { type SchemaName, schemaValidator } from './schemas.js';
import { decodeYamlBytes } from './yaml/decode.js';
import { fastParse } from './yaml/fast-parse.js';
import { parseWithYamlLibrary } from './yaml/from-document.js';
import { toPlain } from './yaml/to-plain.js';
import type { YNode } from './yaml/tree.js';

export interface CheckedTree {
  root?: YNode;
  plain?: unknown;
  badPointers: string[];
  diagnostics: Diagnostic[];
}

/** Parses YAML text into a tree: the fast reader when the text is in its subset, else the full library. */
export function parseYamlText(text: string, file: string): { root?: YNode; diagnostics: Diagnostic[] } {
  const fast = fastParse(text);
  if (fast) return fast.root ? { root: fast.root, diagnostics: [] } : { diagnostics: [] };
  const parsed = parseWithYamlLibrary(text, file);
  return parsed.root ? { root: parsed.root, diagnostics: parsed.diagnostics } : { diagnostics: parsed.diagnostics };
}

/** Decodes, parses and checks one file against a schema; `root` is absent when nothing usable was read. */
export function readAndCheck(bytes: Uint8Array, file: string, schema: SchemaName): CheckedTree {
  const decoded = decodeYamlBytes(bytes, file);
  if (decoded.text === undefined) return { badPointers: [], diagnostics: decoded.diagnostics };
  const parsed = parseYamlText(decoded.text, file);
  const diagnostics = [...decoded.diagnostics, ...parsed.diagnostics];
  if (!parsed.root) return { badPointers: [], diagnostics };
  const plain = toPlain(parsed.root);
  const validate = schemaValidator(schema);
  if (validate(plain)) return { root: parsed.root, plain, badPointers: [], diagnostics };
  const mapped = mapSchemaErrors(validate.errors ?? [], parsed.root, file, (p) => skuAtPointer(plain, p));
  return { root: parsed.root, plain, badPointers: mapped.badPointers, diagnostics: [...diagnostics, ...mapped.diagnostics] };
}

function get(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The SKU a JSON pointer into a catalog file is about, for the diagnostic's context line. */
function skuAtPointer(plain: unknown, pointer: string): string | undefined {
  const s = pointer.split('/').slice(1).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
  let owner: unknown;
  if (s[0] === 'products' && s.length >= 2) owner = get(get(plain, 'products'), s[1]!);
  else if (s[0] === 'families' && s[2] === 'variants' && s.length >= 4) owner = get(get(get(get(plain, 'families'), s[1]!), 'variants'), s[3]!);
  else if ((s[0] === 'prices' || s[0] === 'stocks') && s.length >= 2) return s[1];
  const sku = get(owner, 'sku');
  return typeof sku === 'string' ? sku : undefined;
}

export function parseCatalogFile(bytes: Uint8Array, file: string): CatalogFileResult {
  const checked = readAndCheck(bytes, file, 'catalog');
  const { root, diagnostics } = checked;
  const empty: CatalogFileResult = { file, products: [], declared: [], prices: [], stocks: [], diagnostics };
  if (!root) {
    if (!diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({
        severity: 'error',
        code: 'empty-file',
        summary: 'The catalog file is empty',
        detail: 'Add `products:`, `families:`, `prices:` or `stocks:`, or delete the file.',
        source: { file, line: 1, column: 1 },
      });
    }
    return empty;
  }
  if (root.kind !== 'map') return empty;
  return buildCatalogFile(file, root, checked.badPointers, diagnostics);
}
