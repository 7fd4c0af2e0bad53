/**
 * undici's connection pool (its Agent), the dispatcher shelf gives the global fetch. Loaded on
 * its own: undici's index loads all of undici (its fetch, WebSocket, cookies, caches), a
 * seventh of a large plan's local work before anything is read, and shelf uses none of it.
 * undici is pinned to an exact version, and the Agent has lived at this path across its majors;
 * every test that talks to a server goes through it.
 */
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent } from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export type Agent = UndiciAgent;
