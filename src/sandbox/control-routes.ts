/**
 * The control API over HTTP, for `shelf sandbox` users and end-to-end tests:
 *   GET  /__sandbox/state   dump products (approved or not, with offer fields), batches, quota use
 *   GET  /__sandbox/log     the request log
 *   POST /__sandbox/seed    {"products": [...], "marketplace": [...], "categories": [...]}
 *   POST /__sandbox/mutate  {"sku": "...", "changes": {"price": "10.00", "name": "..."}}
 *   POST /__sandbox/reset
 *   POST /__sandbox/clock   {"skew": "-2h", "whole_seconds": true}: move the server's clock, stamp whole seconds
 * No token needed: the server binds to loopback only.
 */
import type { ProductMutation, SeedInput } from './control.js';
import { parseSkew } from './spec.js';
import { isPlainObject, json, methodNotAllowed, notFound, readJson } from './http-util.js';
import type { Sandbox } from './sandbox.js';

export async function routeControl(sandbox: Sandbox, request: Request, url: URL): Promise<Response> {
  const action = url.pathname.slice('/__sandbox/'.length).replace(/\/+$/, '');
  const reads: Record<string, () => unknown> = {
    state: () => sandbox.dumpState(),
    log: () => sandbox.requestLog(),
  };
  const read = reads[action];
  if (read) return request.method === 'GET' ? json(200, read()) : methodNotAllowed(request.method, ['GET']);
  if (!['seed', 'mutate', 'reset', 'clock'].includes(action)) return notFound();
  if (request.method !== 'POST') return methodNotAllowed(request.method, ['POST']);
  const parsed = await readJson(request);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value ?? {};
  if (!isPlainObject(body)) return json(400, { detail: 'Expected a JSON object.' });

  if (action === 'reset') {
    sandbox.reset();
    return new Response(null, { status: 204 });
  }
  if (action === 'clock') {
    const skew = body.skew;
    const skewMs = typeof skew === 'number' ? skew : typeof skew === 'string' ? (parseSkew(skew) ?? Number.NaN) : skew === undefined ? undefined : Number.NaN;
    if (skewMs !== undefined && !Number.isFinite(skewMs)) {
      return json(400, { skew: ['Expected milliseconds or a duration such as "-2h", "+90s".'] });
    }
    const whole = body.whole_seconds;
    if (whole !== undefined && typeof whole !== 'boolean') return json(400, { whole_seconds: ['Must be a valid boolean.'] });
    return json(200, sandbox.setClock({ ...(skewMs !== undefined ? { skewMs } : {}), ...(whole !== undefined ? { wholeSeconds: whole } : {}) }));
  }
  if (action === 'seed') {
    const products = body.products;
    if (products !== undefined && !Array.isArray(products)) return json(400, { products: ['Expected a list.'] });
    return json(200, sandbox.seed(body as SeedInput));
  }
  const sku = body.sku;
  if (typeof sku !== 'string') return json(400, { sku: ['This field is required.'] });
  if (!isPlainObject(body.changes)) return json(400, { changes: ['Expected an object.'] });
  try {
    return json(200, sandbox.mutateProduct(sku, body.changes as ProductMutation));
  } catch {
    return json(404, { detail: `No product with SKU ${sku}.`, code: 'not_found' });
  }
}
