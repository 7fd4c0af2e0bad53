/**
 * The JSON Schemas of shelf.yaml and catalog files (schemas/*.json, also used by editors),
 * compiled once with ajv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

export type SchemaName = 'catalog' | 'shelf';

let root: string | undefined;

/** The package root (holding schemas/), found from this module whether it runs from src/ or dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'schemas', 'catalog.schema.json')) && existsSync(join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the schemas/ directory of shelf');
    dir = up;
  }
}

export function schemaPath(name: SchemaName): string {
  return join(packageRoot(), 'schemas', `${name}.schema.json`);
}

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}

const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    // verbose: errors carry their schema, which names the keys allowed where an unknown one was found.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    fn = ajv.compile(readSchema(name));
    compiled.set(name, fn);
  }
  return fn;
}
