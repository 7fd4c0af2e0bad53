import type { ApplyEvent, ApplyListener } from './types.js';

/** A tiny synchronous event bus: the executor emits, views and counters listen. */
export class ApplyEvents {
  private readonly listeners: ApplyListener[] = [];

  on(listener: ApplyListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(event: ApplyEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
