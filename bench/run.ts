/**
 * `npm run bench [NAME...]`: runs every benchmark in bench/ (or those named), each in its own
 * Node process so wall time and peak memory of one do not colour another. Benchmarks print
 * their own figures; nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.slice(0, -'.bench.js'.length))
  .sort();
const chosen = wanted.length > 0 ? all.filter((name) => wanted.includes(name)) : all;
if (chosen.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(', ')}; available: ${all.join(', ')}\n`);
  process.exit(1);
}
let failed = 0;
for (const name of chosen) {
  process.stdout.write(`\n== ${name} ==\n`);
  const result = spawnSync(process.execPath, [join(here, `${name}.bench.js`)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
