import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export const BASE = 'https://sandbox.test';
export const TOKEN = 'test-token';

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-03-01T10:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

/** A sandbox with quotas lifted, unless the test sets them. */
export function makeSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox({
    token: TOKEN,
    rateLimits: { products: null, categories: null },
    ...options,
  });
}

/** A decoded JSON body: tests read into it freely and assert the shape they expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions themselves
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: TOKEN },
): Promise<Reply> {
  const request = new Request(path.startsWith('http') ? path : `${BASE}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await sandbox.handle(request);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // leave as text (malformed-body tests look at it)
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';
export const SNEAKERS = '9b2e7c4d-1a3f-4b6e-8d9c-5e0f1a2b3c4d';
export const CLOTHING = 'c0a80001-0000-4000-8000-000000000001';

export function tshirt(sku: string, color = 'Red', size = 'S', extra: Record<string, unknown> = {}) {
  return {
    sku,
    name: `T-shirt ${color} ${size}`,
    base_code: 'AKN-TSHRT',
    category: TSHIRTS,
    attributes: { COLOR: color, SIZE: size },
    ...extra,
  };
}
