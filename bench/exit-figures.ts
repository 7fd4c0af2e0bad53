/**
 * Preloaded (`node --import`) into a CLI process the benchmarks run: at exit, writes that
 * process's own CPU time and peak RSS to the file BENCH_FIGURES_FILE names, since Node tells
 * a parent neither about its children.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_FIGURES_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), maxRssMb: Math.round(usage.maxRSS / 1024) }));
  });
}
