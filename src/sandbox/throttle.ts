/**
 * Quotas counted the way Django REST framework's SimpleRateThrottle counts them: a history of
 * the times of allowed requests; a request is allowed when fewer than N of them lie within the
 * last window (an entry exactly one window old has left it); throttled requests are not recorded.
 */
import type { RateLimit } from '../model/settings.js';
import type { SandboxResource } from './options.js';

export type ThrottleDecision = { allowed: true } | { allowed: false; waitMs: number };

export class RollingWindowThrottle {
  /** Newest first, like DRF's cache list. */
  private readonly history = new Map<SandboxResource, number[]>();

  constructor(private readonly limits: Partial<Record<SandboxResource, RateLimit>>) {}

  check(resource: SandboxResource, now: number): ThrottleDecision {
    const limit = this.limits[resource];
    if (!limit) return { allowed: true };
    const history = this.prune(resource, now, limit);
    if (history.length >= limit.requests) {
      // DRF's wait(): the remaining life of the oldest entry, divided by the free slots (1 here).
      const oldest = history[history.length - 1]!;
      const available = limit.requests - history.length + 1;
      const remaining = limit.windowMs - (now - oldest);
      return { allowed: false, waitMs: available > 0 ? remaining / available : remaining };
    }
    history.unshift(now);
    return { allowed: true };
  }

  /** Requests currently counted in each resource's window. */
  usage(now: number): Partial<Record<SandboxResource, number>> {
    const out: Partial<Record<SandboxResource, number>> = {};
    for (const [resource, limit] of Object.entries(this.limits) as [SandboxResource, RateLimit][]) {
      out[resource] = this.prune(resource, now, limit).length;
    }
    return out;
  }

  reset(): void {
    this.history.clear();
  }

  private prune(resource: SandboxResource, now: number, limit: RateLimit): number[] {
    const history = this.history.get(resource) ?? [];
    while (history.length > 0 && history[history.length - 1]! <= now - limit.windowMs) history.pop();
    this.history.set(resource, history);
    return history;
  }
}

/** Which quota a request path counts against, or undefined for unlimited paths. */
export function resourceOfPath(pathname: string): SandboxResource | undefined {
  const m = /^\/api\/i2\/(products|categories|packages|claims)(\/|$)/.exec(pathname);
  return m ? (m[1] as SandboxResource) : undefined;
}
