/**
 * The build step that turns each JSON Schema into validator code (ajv's standalone output), so
 * a run loads a small module instead of ajv and a compilation. The code starts with the stamp
 * of the schema text it was made from: a validator of an older schema is never used.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { AJV_OPTIONS, precompiledPath, precompiledStamp, type SchemaName, schemaPath } from './schemas.js';

const require = createRequire(import.meta.url);

export const SCHEMA_NAMES: readonly SchemaName[] = ['shelf', 'catalog'];

/** The validator of this schema text, as CommonJS code (loaded with require). */
export function validatorSource(schemaText: string): string {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile(JSON.parse(schemaText) as Record<string, unknown>);
  return `${precompiledStamp(schemaText)}\n${standaloneCode(ajv, validate)}\n`;
}

export function writePrecompiledValidators(): string[] {
  return SCHEMA_NAMES.map((name) => {
    const file = precompiledPath(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, validatorSource(readFileSync(schemaPath(name), 'utf8')));
    return file;
  });
}
