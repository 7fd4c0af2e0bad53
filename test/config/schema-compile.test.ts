/**
 * The validators the build compiles to code must judge every document exactly as ajv compiling
 * the schema at run time does — same verdict, same errors (messages are built from them) — and a
 * validator made from another version of a schema must never be used.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_NAMES, validatorSource } from '../../src/config/schema-compile.js';
import { compileValidator, packageRoot, precompiledValidator, schemaPath } from '../../src/config/schemas.js';

const require = createRequire(import.meta.url);

/** Beside node_modules, so generated code finds ajv's runtime helpers as it does in dist/. */
const scratch = join(packageRoot(), 'node_modules', '.cache', 'shelf-tests');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every YAML document of the bad-input corpus and the examples, by the schema that judges it. */
function documents(): { name: 'shelf' | 'catalog'; file: string; doc: unknown }[] {
  const out: { name: 'shelf' | 'catalog'; file: string; doc: unknown }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) {
        let doc: unknown;
        try {
          doc = parse(readFileSync(path, 'utf8'), { uniqueKeys: false, maxAliasCount: 100 });
        } catch {
          continue; // not YAML at all: the parser, not the schema, reports it
        }
        out.push({ name: entry === 'shelf.yaml' ? 'shelf' : 'catalog', file: path, doc });
      }
    }
  };
  walk(join(packageRoot(), 'test', 'corpus'));
  walk(join(packageRoot(), 'examples'));
  return out;
}

/** The generated code as a module. */
function loadGenerated(source: string): (doc: unknown) => boolean {
  mkdirSync(scratch, { recursive: true });
  const file = join(mkdtempSync(join(scratch, 'validator-')), 'v.cjs');
  writeFileSync(file, source);
  return require(file) as (doc: unknown) => boolean;
}

describe('precompiled schema validators', () => {
  const docs = documents();

  it('judge every corpus and example document as the run-time compilation does, errors included', () => {
    expect(docs.length).toBeGreaterThan(30);
    let refused = 0;
    for (const name of SCHEMA_NAMES) {
      const text = readFileSync(schemaPath(name), 'utf8');
      const runtime = compileValidator(text);
      const generated = loadGenerated(validatorSource(text)) as ReturnType<typeof compileValidator>;
      for (const { doc, file } of docs.filter((d) => d.name === name)) {
        const verdict = runtime(doc);
        expect(generated(doc), file).toBe(verdict);
        expect(generated.errors ?? null, file).toEqual(runtime.errors ?? null);
        if (!verdict) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(5);
  });

  it('are used only for the schema text they were made from', () => {
    const text = readFileSync(schemaPath('shelf'), 'utf8');
    const source = validatorSource(text);
    mkdirSync(scratch, { recursive: true });
    const file = join(mkdtempSync(join(scratch, 'stamp-')), 'shelf.validate.cjs');
    writeFileSync(file, source);
    expect(precompiledValidator(file, text)).toBeTypeOf('function');
    expect(precompiledValidator(file, text.replace('"type"', ' "type"'))).toBeUndefined();
    expect(precompiledValidator(join(scratch, 'missing.cjs'), text)).toBeUndefined();
  });
});
