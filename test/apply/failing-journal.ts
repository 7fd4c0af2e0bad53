/** A journal whose writes fail with ENOSPC once `okWrites` entries were written (a disk that fills up mid-apply). */
import type { JournalWriter } from '../../src/apply/journal.js';

export class JournalThatFails implements JournalWriter {
  readonly entries: string[] = [];
  private next = 0;

  constructor(private readonly okWrites: number) {}

  private async write(line: string): Promise<void> {
    if (this.entries.length >= this.okWrites) {
      throw Object.assign(new Error("ENOSPC: no space left on device, write '.shelf/journal.jsonl'"), { code: 'ENOSPC' });
    }
    this.entries.push(line);
  }

  async intent(kind: string): Promise<string> {
    const id = `i-${++this.next}`;
    await this.write(`intent ${id} ${kind}`);
    return id;
  }

  async submitted(id: string, batchId: string): Promise<void> {
    await this.write(`submitted ${id} ${batchId}`);
  }

  async submitFailed(id: string): Promise<void> {
    await this.write(`submit-failed ${id}`);
  }

  async finished(batchId: string): Promise<void> {
    await this.write(`finished ${batchId}`);
  }
}
