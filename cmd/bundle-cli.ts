/**
 * Build step (npm run build): the CLI as a few bundled modules in dist/cli/, what `bin` runs.
 *
 * Node loads an ES module through several asynchronous steps of its own; the CLI is some 130 of
 * shelf's modules and 100 of its libraries' (yaml alone is 72), and loading them one by one was
 * a sixth of a large plan's local work and most of a small command's. Bundled, each command is
 * one module plus the ones it shares, loaded when it runs. dist/src stays as compiled (tests and
 * benchmarks import it); libraries loaded on demand through `require` (ajv, diff, undici's
 * Agent) stay in node_modules.
 *
 * The parse workers are an entry of their own, written beside the module that starts them: that
 * module finds them next to itself (`new URL('./worker.js', import.meta.url)`), bundled or not.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rolldown } from 'rolldown';
import { packageFile } from '../src/package-info.js';

const OUT = packageFile('dist', 'cli');
const CHUNKS = 'chunks';
const WORKER_REFERENCE = /new URL\(["']\.\/worker\.js["'], import\.meta\.url\)/;

rmSync(OUT, { recursive: true, force: true });
const bundle = await rolldown({
  input: {
    shelf: packageFile('dist', 'cmd', 'shelf.js'),
    worker: packageFile('dist', 'src', 'config', 'parallel', 'worker.js'),
  },
  platform: 'node',
  logLevel: 'warn',
  onLog(level, log, report) {
    // bottleneck's Redis stores reach for `require` through eval; shelf never uses them.
    if (log.code === 'EVAL' && log.id?.includes(join('node_modules', 'bottleneck'))) return;
    report(level, log);
  },
});
const { output } = await bundle.write({
  dir: OUT,
  format: 'esm',
  entryFileNames: (chunk) => (chunk.name === 'worker' ? `${CHUNKS}/worker.js` : '[name].js'),
  chunkFileNames: `${CHUNKS}/[name]-[hash].js`,
});
await bundle.close();

// Whichever module starts the workers must sit where they were written.
const starters = output.filter((o) => o.type === 'chunk' && WORKER_REFERENCE.test(o.code));
if (starters.length === 0) throw new Error('bundle-cli: no module of the bundle starts the parse workers');
for (const starter of starters) {
  const worker = join(OUT, dirname(starter.fileName), 'worker.js');
  if (!existsSync(worker)) throw new Error(`bundle-cli: ${starter.fileName} would look for its workers at ${worker}, which is not there`);
}
process.stdout.write(`wrote ${OUT} (${output.length} modules)\n`);
