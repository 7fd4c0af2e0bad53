/**
 * Whether the API can be reached at all, shared by every request of one client. The API is
 * *unreachable* from the first attempt that got no usable answer — a network error, a timeout,
 * or a 5xx — until any attempt gets an answer that is not a 5xx (a 2xx, a 4xx, a 429: the API
 * is up, even if it says no). Requests and batch waits give up once the API has been
 * unreachable for longer than the outage bound, never after a number of attempts.
 */
export class Reachability {
  private since: number | undefined;
  /** Whether the API has answered (anything but a 5xx) at least once in this run. */
  answeredOnce = false;

  answered(): void {
    this.since = undefined;
    this.answeredOnce = true;
  }

  failed(now: number): void {
    this.since ??= now;
  }

  /** Epoch ms of the first failure of the current outage; undefined while reachable. */
  get unreachableSince(): number | undefined {
    return this.since;
  }
}
