/**
 * The Seller Center client: composes the transport (quotas, retries), pagination, batch
 * writes and polling, and the category caches behind the SellerCenterClient interface.
 */
import { Agent } from './agent.js';
import type { RemoteProduct } from '../model/product.js';
import { DEFAULT_RATE_LIMITS, type QuotaResource, type RateLimit } from '../model/settings.js';
import { extractBatchId, readBatchStatus } from './batch-status.js';
import { DEFAULT_POLL, type PollPolicy, waitForBatch } from './batch-wait.js';
import { flattenCategories, listOf, readCategoryAttributes, readLanguages } from './categories.js';
import type { Connection } from './connection.js';
import { downloadJson } from './download.js';
import { batchPath, CATEGORIES_PATH, categoryAttributesPath, LANGUAGES_PATH, WRITE_ENDPOINTS } from './endpoints.js';
import { RemoteError } from './errors.js';
import { countProducts, listProducts } from './list-products.js';
import { searchCatalog } from './search-catalog.js';
import { RollingWindowQuota } from './quota.js';
import { newWriterId, QuotaMemoryWriter, rememberedSlots } from './quota-memory.js';
import type { Clock } from './clock.js';
import { Reachability } from './reachability.js';
import { describeWait, type WaitNotice } from './wait-notice.js';
import { type ApiRequest, type ApiResponse, DEFAULT_RETRY, type RetryPolicy, Transport, type TransportDeps } from './transport.js';
import type {
  BatchKind,
  BatchResult,
  BatchStatus,
  Category,
  CategoryAttribute,
  ListingCount,
  ListingPage,
  ProductFilter,
  RequestCounters,
  SubmitOptions,
  SellerCenterClient,
} from './types.js';

export const MAX_BATCH_ITEMS = 1000;

export interface ClientOptions {
  /** Quotas per resource (shelf.yaml `seller_center.rate_limits`; defaults: the documented ones). */
  rateLimits: Record<QuotaResource, RateLimit>;
  /** `--debug`: one line per HTTP exchange; never contains the token. */
  debug?: (line: string) => void;
  /** Something odd that does not stop the run (an unknown batch status, …). */
  warn?: (message: string) => void;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollPolicy>;
  /**
   * For a server running in scaled time (the sandbox with --time-scale): divides shelf's own
   * waits (back-off, poll gaps) and reads `processed_in` seconds as scaled seconds.
   * Default: inferred from the products quota, since only a scaled server has a window shorter
   * than the documented minute (`products: 10/600ms` means a server 100× faster).
   */
  timeScale?: number;
  /** Deterministic jitter in tests. */
  random?: () => number;
  /**
   * The repository's quota memory (`<repo>/.shelf/quota.json`, see quota-memory.ts): the
   * quotas start with the slots recent runs still hold; this run's are recorded while it goes
   * on (in the background, after each write request, otherwise at most about once a second of
   * the API's time) and on `close()`.
   */
  quotaMemoryFile?: string;
  /**
   * Whether this run may write the quota memory now (default: always). Reading it never
   * writes; a run that must leave a directory untouched until it decides (import into a
   * directory that is not a repository yet) opens it only then.
   */
  quotaMemoryWritable?: () => boolean;
  /**
   * Told when a wait starts: for a quota token ("waiting 47 s for the i2/products quota
   * (10/min)") or before a retry ("retrying GET … in 8 s after 503"). `--debug` gets the same
   * as a line; views use this to show it live.
   */
  onWait?: (notice: WaitNotice) => void;
  /** Time for retries, outage bounds and poll gaps (tests inject one). */
  clock?: Clock;
}

/** A transport that tells the quota memory each time a request has been answered (or failed). */
class RememberingTransport extends Transport {
  private readonly answered: (write: boolean) => void;

  constructor(deps: TransportDeps, answered: (write: boolean) => void) {
    super(deps);
    this.answered = answered;
  }

  override async request(req: ApiRequest): Promise<ApiResponse> {
    try {
      return await super.request(req);
    } finally {
      this.answered(req.method !== 'GET');
    }
  }
}

function scaled<T extends object>(policy: T, keys: (keyof T)[], scale: number): T {
  const out = { ...policy };
  for (const key of keys) (out[key] as number) = (policy[key] as number) / scale;
  return out;
}

/** 1 for the documented quota window, N for a window N times shorter. */
export function inferTimeScale(rateLimits: Partial<Record<QuotaResource, RateLimit>>): number {
  const window = rateLimits.products?.windowMs;
  return window && window > 0 ? Math.max(1, DEFAULT_RATE_LIMITS.products.windowMs / window) : 1;
}

/**
 * A delete sent twice (the first answer was lost, so the first may have been carried out):
 * "not found" for a SKU means the first attempt already deleted it, which is what was wanted.
 */
export function settleRepeatedDelete(result: BatchResult, warn?: (message: string) => void): BatchResult {
  const gone = result.failures.filter((f) => f.messages.length > 0 && f.messages.every((m) => /not found/i.test(m)));
  if (gone.length === 0) return result;
  warn?.(
    `batch ${result.id}: ${gone.length} SKU(s) were already deleted by an earlier attempt whose answer was lost`,
  );
  const failures = result.failures.filter((f) => !gone.includes(f));
  const state = failures.length === 0 && result.state !== 'unknown' ? 'succeeded' : result.state;
  return { ...result, state, failures };
}

/**
 * The quotas a client paces at: the configured ones (real time), compressed into a scaled
 * sandbox's time (windows X times shorter; only ever set for loopback, see Connection).
 */
export function pacedRateLimits<T extends Partial<Record<QuotaResource, RateLimit>>>(rateLimits: T, scale: number | undefined): T {
  if (!scale || scale <= 1) return rateLimits;
  return Object.fromEntries(
    Object.entries(rateLimits).map(([resource, limit]) => [resource, { ...limit, windowMs: limit!.windowMs / scale }]),
  ) as T;
}

function inSandboxTime(options: ClientOptions, scale: number | undefined): ClientOptions {
  return scale && scale > 1 ? { ...options, rateLimits: pacedRateLimits(options.rateLimits, scale) } : options;
}

/** Retry and poll policies, with shelf's own waits divided for a server in scaled time. */
function policiesOf(options: ClientOptions): { scale: number; retry: RetryPolicy; poll: PollPolicy } {
  const scale = options.timeScale && options.timeScale > 0 ? options.timeScale : inferTimeScale(options.rateLimits);
  const retry: RetryPolicy = {
    ...scaled(DEFAULT_RETRY, ['baseDelayMs', 'maxDelayMs', 'maxTotalWaitMs'], scale),
    ...options.retry,
  };
  const poll: PollPolicy = {
    ...scaled(DEFAULT_POLL, ['baseMs', 'perItemMs', 'minDelayMs', 'maxDelayMs', 'maxWaitMs'], scale),
    ...options.poll,
  };
  return { scale, retry, poll };
}

/** The connection pool: keep-alive; the transport's own timers (headers, idle body) fire first, the Agent's are a backstop. */
function newAgent(retry: RetryPolicy): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connect: { timeout: 15_000 },
    headersTimeout: retry.headersTimeoutMs + 5_000,
    bodyTimeout: retry.bodyIdleTimeoutMs + 5_000,
  });
}

/** One rolling-window quota per resource, starting with the slots recent runs still hold (quota memory). */
function quotasOf(
  limits: Record<QuotaResource, RateLimit>,
  origin: string,
  memoryFile: string | undefined,
): Partial<Record<QuotaResource, RollingWindowQuota>> {
  const remembered = memoryFile ? rememberedSlots(memoryFile, origin, limits) : {};
  const quotas: Partial<Record<QuotaResource, RollingWindowQuota>> = {};
  for (const [resource, limit] of Object.entries(limits)) {
    const takenUntil = remembered[resource as QuotaResource];
    quotas[resource as QuotaResource] = new RollingWindowQuota(limit, takenUntil ? { takenUntil } : {});
  }
  return quotas;
}

/** Records this run's slots in the repository's quota memory while it goes on, and on close. */
function quotaMemoryOf(
  file: string,
  origin: string,
  quotas: Partial<Record<QuotaResource, RollingWindowQuota>>,
  scale: number,
  options: ClientOptions,
): QuotaMemoryWriter {
  return new QuotaMemoryWriter({
    file,
    origin,
    writer: newWriterId(),
    own: () =>
      Object.entries(quotas).map(([resource, quota]) => ({
        resource: resource as QuotaResource,
        windowMs: quota.limit.windowMs,
        countedAt: quota.countedTimes(),
      })),
    // One second of the API's time: a scaled server's window is as many times shorter.
    intervalMs: 1_000 / scale,
    ...(options.quotaMemoryWritable ? { enabled: options.quotaMemoryWritable } : {}),
    // Once per cause: the run goes on, but the user learns why the next one may wait or draw 429s.
    onError: (code) =>
      options.warn?.(
        `cannot save the quota memory ${file} (${code}); the next run cannot see this run's requests and may draw 429s. ` +
          (code === 'ENOTDIR' || code === 'EEXIST' ? 'Remove or rename the file `.shelf` in the repository.' : 'Make `.shelf/` writable.'),
      ),
  });
}

export function createClient(connection: Connection, clientOptions: ClientOptions): SellerCenterClient {
  const options = inSandboxTime(clientOptions, connection.sandboxTimeScale);
  const { scale, retry, poll: pollPolicy } = policiesOf(options);
  const agent = newAgent(retry);
  const limits: Record<QuotaResource, RateLimit> = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const origin = new URL(connection.baseUrl).origin;
  const memoryFile = options.quotaMemoryFile;
  const quotas = quotasOf(limits, origin, memoryFile);
  const counters: RequestCounters = {
    requests: { products: 0, categories: 0, packages: 0, claims: 0, other: 0 },
    throttled: 0,
    retried: 0,
  };
  const reachability = new Reachability();
  const onWait = (notice: WaitNotice) => {
    options.debug?.(describeWait(notice));
    options.onWait?.(notice);
  };
  const deps: TransportDeps = {
    connection,
    agent,
    quotas,
    retry,
    counters,
    reachability,
    onWait,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.debug ? { debug: options.debug } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  const memory = memoryFile ? quotaMemoryOf(memoryFile, origin, quotas, scale, options) : undefined;
  const transport = memory ? new RememberingTransport(deps, (write) => memory.answered(write)) : new Transport(deps);
  const pace: { msPerItem?: number } = {};
  const reportedStatuses = new Set<string>();
  /** Delete batches sent again after an attempt whose outcome is unknown (see settleRepeatedDelete). */
  const repeatedDeletes = new Set<string>();
  let categoryCache: Promise<Category[]> | undefined;
  const attributeCache = new Map<string, Promise<CategoryAttribute[]>>();

  async function submit(kind: BatchKind, items: readonly object[], opts?: SubmitOptions): Promise<string> {
    if (items.length === 0 || items.length > MAX_BATCH_ITEMS) {
      throw new RangeError(`a ${kind} batch holds 1 to ${MAX_BATCH_ITEMS} items, not ${items.length}`);
    }
    const { method, path } = WRITE_ENDPOINTS[kind];
    const res = await transport.request({
      method,
      target: path,
      body: items,
      priority: 'write',
      ...(opts?.resendLost === false ? { resendLost: false } : {}),
    });
    const id = extractBatchId(res.body);
    if (id && res.mayHaveRepeated && kind === 'delete') repeatedDeletes.add(id);
    if (!id) {
      const endpoint = transport.endpointOf(method, transport.resolve(path));
      throw new RemoteError(`${endpoint}: the API accepted the write (${res.status}) but named no batch id`, {
        kind: 'malformed',
        endpoint,
        status: res.status,
        outcomeUnknown: true,
      });
    }
    return id;
  }

  async function getBatch(id: string): Promise<BatchStatus> {
    const res = await transport.request({ method: 'GET', target: batchPath(id), priority: 'poll' });
    const status = readBatchStatus(res.body, id);
    if (status.state === 'unknown') {
      const raw = JSON.stringify(status.rawStatus) ?? 'undefined';
      if (!reportedStatuses.has(raw)) {
        reportedStatuses.add(raw);
        options.warn?.(`batch ${id}: the API reported a status shelf does not know (${raw}); still waiting`);
      }
    }
    return status;
  }

  const client: SellerCenterClient = {
    listProducts(filter?: ProductFilter, opts?: { onPage?: (page: ListingPage) => void }): AsyncIterable<RemoteProduct[]> {
      return listProducts(transport, filter, opts?.onPage);
    },
    countProducts(filter: ProductFilter & { approved: boolean }): Promise<ListingCount> {
      return countProducts(transport, filter);
    },
    submit: submit as SellerCenterClient['submit'],
    getBatch,
    async waitForBatch(id: string, kind: BatchKind, skus: string[], opts?: { signal?: AbortSignal }): Promise<BatchResult> {
      const signal = opts?.signal ?? options.signal;
      const result = await waitForBatch(id, kind, skus, {
        getBatch,
        downloadJson: (url) =>
          downloadJson(url, deps, transport.origin, {
            attempts: 3,
            outageMs: retry.outageMs,
            headersTimeoutMs: retry.headersTimeoutMs,
            bodyIdleTimeoutMs: retry.bodyIdleTimeoutMs,
            baseDelayMs: retry.baseDelayMs,
            maxDelayMs: retry.maxDelayMs,
            attemptTimeoutMs: retry.attemptTimeoutMs,
          }),
        policy: pollPolicy,
        pace,
        clock: transport.clock,
        unreachableSince: () => reachability.unreachableSince,
        msPerServerSecond: 1000 / scale,
        ...(signal ? { signal } : {}),
      });
      return repeatedDeletes.has(id) ? settleRepeatedDelete(result, options.warn) : result;
    },
    categories(): Promise<Category[]> {
      categoryCache ??= transport
        .request({ method: 'GET', target: CATEGORIES_PATH, priority: 'read' })
        .then((res) => flattenCategories(listOf(res.body)));
      categoryCache.catch(() => {
        categoryCache = undefined;
      });
      return categoryCache;
    },
    searchCatalog(query: string, opts: { limit: number }) {
      return searchCatalog(transport, query, opts);
    },
    categoryAttributes(categoryId: string): Promise<CategoryAttribute[]> {
      let cached = attributeCache.get(categoryId);
      if (!cached) {
        cached = transport
          .request({ method: 'GET', target: categoryAttributesPath(categoryId), priority: 'read' })
          .then((res) => readCategoryAttributes(res.body));
        cached.catch(() => attributeCache.delete(categoryId));
        attributeCache.set(categoryId, cached);
      }
      return cached;
    },
    async languages(): Promise<string[]> {
      // A handful of languages: one page of the largest size is all of them.
      const res = await transport.request({ method: 'GET', target: LANGUAGES_PATH, query: { limit: '100' }, priority: 'read' });
      return readLanguages(res.body);
    },
    counters(): RequestCounters {
      return { ...counters, requests: { ...counters.requests } };
    },
    async close(): Promise<void> {
      await memory?.close();
      await Promise.all(Object.values(quotas).map((q) => q.close()));
      await agent.close();
    },
  };
  return client;
}
