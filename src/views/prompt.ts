/**
 * Asks for `yes` before writing. Only a terminal can answer: when stdin is not one, apply
 * refuses (a pipeline must say `--auto-approve` on purpose).
 */
import type { TextOut } from './output.js';
import { createInterface } from 'node:readline';

export type Confirmation = 'approved' | 'declined' | 'not-a-terminal';

export async function askForApproval(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  prompt: TextOut,
  signal?: AbortSignal,
): Promise<Confirmation> {
  if (stdin.isTTY !== true) return 'not-a-terminal';
  prompt.write(
    '\nDo you want to perform these actions?\n  Shelf will perform the actions described above.\n  Only \'yes\' will be accepted to approve.\n\n  Enter a value: ',
  );
  const rl = createInterface({ input: stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
      signal?.addEventListener('abort', () => resolve(''), { once: true });
    });
    return answer.trim() === 'yes' ? 'approved' : 'declined';
  } finally {
    rl.close();
  }
}
