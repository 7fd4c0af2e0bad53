/**
 * The house has one direction: a folder of src/ imports only from folders below it, so there is
 * no cycle between folders; plan/ never imports apply/ and does no I/O except plan files; views
 * and plan use remote/ for its types only. This walks every import of src/ and names each arrow
 * that breaks a rule, so the layout in ARCHITECTURE.md stays true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../src/package-info.js';

/** Lower layers first. A folder may import from a folder of a strictly lower layer only. */
const LAYERS: Record<string, number> = {
  model: 0,
  config: 1,
  remote: 1,
  plan: 2,
  sandbox: 2,
  apply: 3,
  import: 3,
  pipeline: 4,
  views: 4,
  commands: 5,
};

/** Modules of apply/ may use plan/ only for the write planning they execute, and the plan's types. */
const APPLY_MAY_IMPORT_FROM_PLAN = /^plan\/writes\//;

/** The only module of plan/ that touches the file system. */
const PLAN_IO_ALLOWED = new Set(['plan/plan-file.ts', 'plan/plan-file-gzip.ts']);
const IO_MODULES = /^(node:)?(fs|fs\/promises|http|https|net|child_process|worker_threads)$|^undici$/;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const SRC = packageFile('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every static, re-exported and dynamic import of a module (specifier and whether only types come in). */
function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) found.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

function graph(): { edges: Edge[]; external: { from: string; spec: string }[] } {
  const edges: Edge[] = [];
  const external: { from: string; spec: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split('\\').join('/');
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        external.push({ from, spec });
        continue;
      }
      const to = relative(SRC, resolve(dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
      edges.push({ from, to, typeOnly });
    }
  }
  return { edges, external };
}

const folderOf = (path: string): string | undefined => (path.includes('/') ? path.split('/')[0] : undefined);

describe('the import graph of src/', () => {
  const { edges, external } = graph();
  const between = edges.filter((e) => folderOf(e.from) !== folderOf(e.to) && folderOf(e.from) && folderOf(e.to));

  it('finds the imports it checks', () => {
    expect(between.length).toBeGreaterThan(100);
    for (const e of between) expect(LAYERS, `${e.from} is in a folder with no layer`).toHaveProperty(folderOf(e.from)!);
  });

  it('has no arrow upward or sideways: a folder imports only from lower layers', () => {
    const wrong = between
      .filter((e) => LAYERS[folderOf(e.to)!]! >= LAYERS[folderOf(e.from)!]!)
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const e of between) {
      const targets = next.get(folderOf(e.from)!) ?? new Set<string>();
      targets.add(folderOf(e.to)!);
      next.set(folderOf(e.from)!, targets);
    }
    const cycles: string[] = [];
    const visit = (folder: string, path: string[]): void => {
      if (path.includes(folder)) {
        cycles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '));
        return;
      }
      for (const to of next.get(folder) ?? []) visit(to, [...path, folder]);
    };
    for (const folder of next.keys()) visit(folder, []);
    expect(cycles).toEqual([]);
  });

  it('has no import between plan/ and apply/ but apply executing the write planning of plan/writes', () => {
    const wrong = between
      .filter(
        (e) =>
          (folderOf(e.from) === 'plan' && folderOf(e.to) === 'apply') ||
          (folderOf(e.from) === 'apply' && folderOf(e.to) === 'plan' && !e.typeOnly && !APPLY_MAY_IMPORT_FROM_PLAN.test(e.to)),
      )
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('keeps plan/ free of I/O: no file system or network but in plan files, remote/ for its types only', () => {
    const io = external
      .filter((x) => folderOf(x.from) === 'plan' && IO_MODULES.test(x.spec) && !PLAN_IO_ALLOWED.has(x.from))
      .map((x) => `${x.from} -> ${x.spec}`);
    const remote = between
      .filter((e) => folderOf(e.from) === 'plan' && folderOf(e.to) === 'remote' && !e.typeOnly)
      .map((e) => `${e.from} -> ${e.to}`);
    expect([...io, ...remote]).toEqual([]);
  });

  it('lets views read plain data: remote/ for its types only, nothing from pipeline/ or commands/', () => {
    const wrong = between
      .filter((e) => folderOf(e.from) === 'views' && folderOf(e.to) === 'remote' && !e.typeOnly)
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });
});
