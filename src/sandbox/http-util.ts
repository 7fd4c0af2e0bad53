/** Small helpers to answer like a Django REST framework API does. */

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function detail(status: number, message: string, code?: string): Response {
  return json(status, code ? { detail: message, code } : { detail: message });
}

export const notFound = (): Response => detail(404, 'Not found.', 'not_found');

export function methodNotAllowed(method: string, allowed: string[]): Response {
  return json(
    405,
    { detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' },
    { allow: allowed.join(', ') },
  );
}

/** Reads a JSON body; a parse failure is the 400 DRF's JSONParser gives. */
export async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  try {
    return { ok: true, value: text === '' ? undefined : JSON.parse(text) };
  } catch (err) {
    return {
      ok: false,
      response: detail(400, `JSON parse error - ${(err as Error).message}`, 'parse_error'),
    };
  }
}

/** Milliseconds to ISO 8601 in UTC with a trailing Z, the API's date format. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds undocumented fields to every object of a response body, as the API says it may:
 * a client must ignore them.
 */
export function withExtraFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtraFields);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = { _sandbox_revision: 7, currency_type: 'try' };
  for (const [key, inner] of Object.entries(value)) {
    // Attribute maps are the seller's data, not the API's shape: leave them exact.
    out[key] = key === 'attributes' ? inner : withExtraFields(inner);
  }
  out.extra_info = { note: 'undocumented' };
  return out;
}
