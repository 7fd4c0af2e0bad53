/**
 * The JSON Schemas of shelf.yaml and catalog files (schemas/*.json, also used by editors) and
 * their validators: compiled to code by the build (schema-compile), or with ajv when there is
 * no such code for the schema as it is.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

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

/** verbose: errors carry their schema, which names the keys allowed where an unknown one was found. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

const require = createRequire(import.meta.url);

/** Where the build leaves each schema's validator as code (see schema-compile). */
export function precompiledPath(name: SchemaName): string {
  return join(packageRoot(), 'dist', 'schemas', `${name}.validate.cjs`);
}

/** The first line of a precompiled validator: which schema text it was made from. */
export function precompiledStamp(schemaText: string): string {
  return `// shelf schema ${createHash('sha256').update(schemaText).digest('hex')}`;
}

/**
 * The validator the build compiled to code, if it was made from the schema as it is now.
 * Loading it costs a few milliseconds; loading ajv and compiling the schema cost a sixth of
 * the start-up of every command.
 */
export function precompiledValidator(file: string, schemaText: string): ValidateFunction | undefined {
  let first: string;
  try {
    first = readFileSync(file, 'utf8').split('\n', 1)[0]!;
  } catch {
    return undefined;
  }
  if (first !== precompiledStamp(schemaText)) return undefined;
  return require(file) as ValidateFunction;
}

/** Compiled here, with ajv (loaded only then): when running from sources, or a build is stale. */
export function compileValidator(schemaText: string): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(JSON.parse(schemaText) as Record<string, unknown>);
}

const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const text = readFileSync(schemaPath(name), 'utf8');
    fn = precompiledValidator(precompiledPath(name), text) ?? compileValidator(text);
    compiled.set(name, fn);
  }
  return fn;
}
