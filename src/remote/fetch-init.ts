import type { Agent } from 'undici';

/**
 * Adds the npm undici Agent as `dispatcher` to a fetch init. Node's bundled fetch accepts it at
 * run time; only the type declarations (bundled undici-types vs undici@7) disagree.
 */
export function withDispatcher(init: RequestInit, agent: Agent): RequestInit {
  return { ...init, dispatcher: agent } as unknown as RequestInit;
}
