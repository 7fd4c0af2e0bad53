import { isTerminal, type TextOut } from './output.js';
import { plural } from './plural.js';

/** On a terminal, a running count while a large scope is read (stderr only; never in --json output). */
export function readProgress(stderr: TextOut): { page: (count: number) => void; done: () => void } {
  const tty = isTerminal(stderr);
  let shown = false;
  return {
    page: (count) => {
      if (!tty) return;
      shown = true;
      stderr.write(`\rReading Seller Center: ${plural(count, 'product')}`);
    },
    done: () => {
      if (shown) stderr.write('\n');
      shown = false;
    },
  };
}
