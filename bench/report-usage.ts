/**
 * Loaded into a process a benchmark runs (`node --import report-usage.js ...`): when it exits,
 * writes its own CPU time (every thread), peak RSS and wall time since it started as one JSON
 * line to the file named by BENCH_USAGE_FILE. Measures the built CLI as a user runs it.
 */
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_USAGE_FILE;
if (file && isMainThread) {
  process.on('exit', (code) => {
    const cpu = process.cpuUsage();
    const usage = {
      code,
      wallMs: Math.round(performance.now()),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    appendFileSync(file, `${JSON.stringify(usage)}\n`);
  });
}
