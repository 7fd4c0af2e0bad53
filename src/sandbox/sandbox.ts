/**
 * The emulator as one Fetch-API handler: `handle(Request) → Response`. Everything under `/api`
 * is Seller Center (auth, quotas, faults); `/files/` serves batch files without auth or quota;
 * `/__sandbox/` is the control API.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiReply, LANGUAGES, routeApi } from './api-routes.js';
import {
  dumpStore,
  fullProduct,
  mutateStoredProduct,
  type ProductMutation,
  type SandboxStateDump,
  type SeedInput,
  type SeedResult,
  seedStore,
} from './control.js';
import { routeControl } from './control-routes.js';
import { FaultInjector, type FaultKind } from './faults.js';
import { json, notFound, readJson, withExtraFields } from './http-util.js';
import {
  type RequestLogEntry,
  type ResolvedOptions,
  resolveOptions,
  type SandboxOptions,
  type SandboxResource,
  type SandboxVariants,
} from './options.js';
import { SandboxStore } from './store.js';
import { resourceOfPath, RollingWindowThrottle } from './throttle.js';

export interface Sandbox {
  /** The `Authorization` value the sandbox accepts. */
  readonly token: string;
  readonly options: ResolvedOptions;
  handle(request: Request): Promise<Response>;
  seed(input: SeedInput): SeedResult;
  dumpState(): SandboxStateDump;
  mutateProduct(sku: string, changes: ProductMutation): Record<string, unknown>;
  /** Drops products, batches, files, quota history and the request log; keeps seed categories. */
  reset(): void;
  requestLog(): RequestLogEntry[];
  /** Switches variants while running (e.g. once a second server's files origin is known). */
  setVariants(variants: Partial<SandboxVariants>): void;
  /** Moves the server's clock (skew from the client's, in ms) and/or switches whole-second stamps. */
  setClock(clock: { skewMs?: number; wholeSeconds?: boolean }): { now: string; skew_ms: number; whole_seconds: boolean };
}

/**
 * The same answer with its body sent one byte every `gapMs` (real ms), headers at once. The
 * `x-sandbox-stream` header tells the HTTP adapter to stream it rather than buffer it.
 */
async function trickled(response: Response, gapMs: number, signal: AbortSignal): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i > 0) await sleep(gapMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted || i >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(i, i + 1));
      i += 1;
    },
  });
  const headers = new Headers(response.headers);
  headers.set('x-sandbox-stream', '1');
  return new Response(body, { status: response.status, headers });
}

const THROTTLE_BODY = (seconds: number) => ({
  detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  code: 'throttled',
});

export function createSandbox(input: SandboxOptions = {}): Sandbox {
  const options = resolveOptions(input, () => `sbx_${randomBytes(18).toString('hex')}`);
  const store = new SandboxStore(options.batch, options.approvalDelayMs);
  const throttle = new RollingWindowThrottle(options.rateLimits);
  const faults = new FaultInjector(options.faults);
  const log: RequestLogEntry[] = [];
  /**
   * The server's own clock: what it stamps products and batches with, filters dates by and
   * sends as `Date`. Quotas, outages and revocation keep counting on `options.now` (the time
   * that passes), so a skew moved at run time never stretches a quota window.
   */
  const serverNow = () => options.now() + options.clockSkewMs;

  function throttled(now: number, waitMs: number): ApiReply {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const headers: Record<string, string> = {};
    if (options.variants.retryAfter === 'seconds') headers['retry-after'] = String(seconds);
    if (options.variants.retryAfter === 'http-date') {
      // On the server's clock, as its `Date` header is: a client measures one against the other.
      const at = now + options.clockSkewMs + waitMs;
      headers['retry-after'] = new Date(Math.ceil(at / 1000) * 1000).toUTCString();
    }
    return { status: 429, body: THROTTLE_BODY(seconds), headers };
  }

  function toResponse(reply: ApiReply, malformed: boolean): Response {
    // `Date` from the server's clock (whole seconds, as HTTP dates are): what incremental reads go by.
    reply = { ...reply, headers: { date: new Date(serverNow()).toUTCString(), ...reply.headers } };
    if (reply.body === undefined) return new Response(null, { status: reply.status, headers: reply.headers });
    const body = options.variants.extraFields && reply.status < 400 ? withExtraFields(reply.body) : reply.body;
    if (!malformed) return json(reply.status, body, reply.headers);
    const text = JSON.stringify(body);
    return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }

  async function handleApi(request: Request, url: URL, entry: RequestLogEntry): Promise<Response> {
    const sinceStart = options.now() - options.startedAt;
    if (faults.inOutage(sinceStart)) {
      entry.fault = 'outage';
      return Response.error();
    }
    const draw = faults.enabled ? faults.draw() : { slow: false, malformed: false, trickle: false };
    if (draw.failure === 'hang') {
      // No headers, ever: the connection stays open until the client gives up.
      entry.fault = 'hang';
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) resolve();
        request.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return Response.error();
    }
    if (draw.slow) {
      entry.fault = 'slow';
      await sleep(faults.slowMs, undefined, { signal: request.signal }).catch(() => undefined);
    }
    const passing = options.now();
    const now = serverNow();
    if (draw.failure && draw.failure !== 'lost') return injectFailure(draw.failure, entry, passing);

    const auth = request.headers.get('authorization');
    if (auth === null) return json(401, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    if (auth !== options.token) return json(401, { detail: 'Invalid token.', code: 'authentication_failed' });
    if (faults.revoked(sinceStart)) {
      entry.fault = 'revoked';
      return json(401, { detail: 'Invalid token.', code: 'authentication_failed' });
    }
    const language = request.headers.get('accept-language')?.trim().toLowerCase();
    if (language && /^[a-z]{2}-[a-z]{2}$/.test(language) && !LANGUAGES.some((l) => l.code === language)) {
      return json(400, { detail: `Language "${language}" is not activated.`, code: 'invalid_language' });
    }

    store.advance(now);
    const resource = entry.resource;
    if (resource) {
      const decision = throttle.check(resource, passing);
      if (!decision.allowed) {
        entry.throttled = true;
        return toResponse(throttled(passing, decision.waitMs), false);
      }
    }
    let body: unknown;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const parsed = await readJson(request);
      if (!parsed.ok) return parsed.response;
      body = parsed.value;
    }
    const reply = routeApi({ store, options, now, url, method: request.method, body });
    if (draw.failure === 'lost') {
      // The work is done (a write is queued), but the client never hears of it.
      entry.fault = 'lost';
      return Response.error();
    }
    const malformed = draw.malformed && request.method === 'GET' && reply.status === 200;
    if (malformed) entry.fault = 'malformed';
    if (draw.trickle && !malformed && request.method === 'GET' && reply.status === 200) {
      entry.fault = 'trickle';
      return trickled(toResponse(reply, false), faults.trickleMs, request.signal);
    }
    return toResponse(reply, malformed);
  }

  function injectFailure(kind: Exclude<FaultKind, 'slow' | 'malformed' | 'lost' | 'hang'>, entry: RequestLogEntry, now: number): Response {
    entry.fault = kind;
    if (kind === 'drop') return Response.error();
    if (kind === '5xx') return json(faults.serverErrorStatus(), { detail: 'Unexpected error' });
    entry.throttled = true;
    const window = entry.resource ? options.rateLimits[entry.resource]?.windowMs : undefined;
    return toResponse(throttled(now, window ?? 1000), false);
  }

  function serveFile(url: URL): Response {
    const name = decodeURIComponent(url.pathname.slice('/files/'.length));
    const content = store.files.get(name);
    return content ? json(200, content) : notFound();
  }

  const sandbox: Sandbox = {
    token: options.token,
    options,
    async handle(request) {
      const url = new URL(request.url);
      if (url.pathname.startsWith('/__sandbox/')) return routeControl(sandbox, request, url);
      const entry: RequestLogEntry = {
        time: new Date(options.now()).toISOString(),
        method: request.method,
        path: url.pathname + url.search,
        status: 0,
        throttled: false,
        resource: resourceOfPath(url.pathname) as SandboxResource | undefined,
        authorization: request.headers.has('authorization'),
      };
      let response: Response;
      if (url.pathname.startsWith('/files/') && request.method === 'GET') {
        store.advance(serverNow());
        response = serveFile(url);
      } else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        response = await handleApi(request, url, entry);
      } else {
        response = notFound();
      }
      entry.status = response.status;
      if (entry.resource === undefined) delete entry.resource;
      log.push(entry);
      options.onRequest?.(entry);
      return response;
    },
    seed(seedInput) {
      return seedStore(store, seedInput, serverNow());
    },
    dumpState() {
      const now = serverNow();
      store.advance(now);
      return dumpStore(store, now, throttle.usage(options.now()) as Record<string, number>);
    },
    mutateProduct(sku, changes) {
      const now = serverNow();
      store.advance(now);
      return fullProduct(mutateStoredProduct(store, sku, changes, now));
    },
    reset() {
      store.clear();
      throttle.reset();
      faults.reset();
      log.length = 0;
    },
    requestLog() {
      return log.map((e) => ({ ...e }));
    },
    setVariants(variants) {
      Object.assign(options.variants, variants);
    },
    setClock(clock) {
      if (clock.skewMs !== undefined) options.clockSkewMs = clock.skewMs;
      if (clock.wholeSeconds !== undefined) options.variants.wholeSecondStamps = clock.wholeSeconds;
      return { now: new Date(serverNow()).toISOString(), skew_ms: options.clockSkewMs, whole_seconds: options.variants.wholeSecondStamps };
    },
  };
  return sandbox;
}
