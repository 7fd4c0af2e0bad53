/**
 * Serves a sandbox over real HTTP on 127.0.0.1 only: IncomingMessage → Request,
 * Response → ServerResponse. A `Response.error()` from the handler (an injected dropped
 * connection) destroys the socket without an answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from './sandbox.js';

export interface SandboxServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Also listen on a second port and point batch file URLs at it, so error and success files
   * come from another origin (as from a CDN).
   */
  separateFilesOrigin?: boolean;
}

export interface SandboxServer {
  /** Base URL of the API: `http://127.0.0.1:PORT/api`. */
  url: string;
  port: number;
  /** The files origin when `separateFilesOrigin` was asked. */
  filesOrigin?: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function toRequest(req: IncomingMessage, body: Buffer, port: number, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const host = req.headers.host ?? `${HOST}:${port}`;
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(`http://${host}${req.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
    signal,
  });
}

async function answer(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  let response: Response;
  try {
    response = await sandbox.handle(toRequest(req, Buffer.concat(chunks), port, aborted.signal));
  } catch {
    response = new Response(JSON.stringify({ detail: 'Unexpected error' }), {
      status: 500,
      headers: { 'content-type': 'application/json' },
    });
  }
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (headers['x-sandbox-stream'] && response.body) {
    // A trickled body: headers now, then each chunk as the handler makes it.
    delete headers['x-sandbox-stream'];
    res.writeHead(response.status, headers);
    res.flushHeaders();
    const reader = response.body.getReader();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done || res.destroyed) break;
      res.write(chunk.value);
    }
    res.end();
    return;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(payload);
}

function listen(sandbox: Sandbox, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const actual = (server.address() as AddressInfo).port;
      answer(sandbox, req, res, actual).catch(() => req.socket.destroy());
    });
    server.once('error', reject);
    server.listen(port, HOST, () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSandboxServer(sandbox: Sandbox, options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const main = await listen(sandbox, options.port ?? 0);
  const servers = [main.server];
  let filesOrigin: string | undefined;
  if (options.separateFilesOrigin) {
    const files = await listen(sandbox, 0);
    servers.push(files.server);
    filesOrigin = `http://${HOST}:${files.port}`;
    sandbox.setVariants({ filesOrigin });
  }
  return {
    url: `http://${HOST}:${main.port}/api`,
    port: main.port,
    filesOrigin,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
