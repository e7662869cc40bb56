/**
 * The browser shell: a loopback-only HTTP server that serves the built renderer and carries the API
 * contract (`POST /api/invoke`; bytes on `POST /api/read` and `/api/write`; server-sent events on `GET /api/events`). Access needs the per-start
 * token; a foreign Host gets 403, a missing token 401, and no CORS header is ever sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeRequestSchema, MAX_SNAPSHOT_BYTES, type InvokeRequest } from '../api/contract.js';
import { describeZodError, fail, ok, type Result } from '../api/result.js';
import { RENDERER_CSP } from '../security/csp.js';
import type { VeilService } from '../service/veil-service.js';
import { hasValidToken, isAllowedOrigin, isLoopbackHost, tokenCookieName } from './request-guard.js';
import { rendererFileFor, sendFile } from './static-files.js';
import { newAccessToken, tokensMatch } from './token.js';

/** Hosts the server may bind: loopback only, so the token is the only thing between it and a user's data. */
export const LOOPBACK_BIND_ADDRESSES = ['127.0.0.1', '::1'] as const;
export type LoopbackBindAddress = (typeof LOOPBACK_BIND_ADDRESSES)[number];

/** Largest request body accepted on /api/invoke; calls carry ids and small parameters, not data. */
const MAX_BODY_BYTES = 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface BrowserShellOptions {
  service: VeilService;
  rendererDir: string;
  host?: LoopbackBindAddress;
  /** 0 lets the system choose a free port. */
  port?: number;
  /** A fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface RunningBrowserShell {
  /** The URL to open, with the token in it. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the browser shell and resolves once it listens.
 *
 * @example
 * const shell = await startBrowserShell({ service, rendererDir: 'dist/renderer' });
 * console.log(shell.url); // http://127.0.0.1:41234/?token=…
 */
export async function startBrowserShell(options: BrowserShellOptions): Promise<RunningBrowserShell> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newAccessToken();
  const eventStreams = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      console.error('veil serve: request failed:', error);
      if (!response.headersSent) sendJson(response, 500, fail('INTERNAL', 'The server failed to answer.'));
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isLoopbackHost(request.headers.host) || !isAllowedOrigin(request.headers.origin)) {
      sendJson(response, 403, fail('PERMISSION_DENIED', 'Forbidden: Veil answers only to its own loopback origin.'));
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const queryToken = url.searchParams.get('token');
    if (request.method === 'GET' && tokensMatch(token, queryToken)) {
      // Exchange the token in the URL for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      response.end();
      return;
    }
    if (!hasValidToken(request, token, port)) {
      sendJson(response, 401, fail('PERMISSION_DENIED', 'Unauthorized: open the URL with the token that `veil serve` printed.'));
      return;
    }
    if (url.pathname === '/api/invoke') return handleInvoke(request, response);
    if (url.pathname === '/api/read') return handleByteRead(request, response);
    if (url.pathname === '/api/write') return handleByteWrite(request, response);
    if (url.pathname === '/api/events') return handleEvents(request, response);
    if (url.pathname.startsWith('/api/')) {
      sendJson(response, 404, fail('NOT_FOUND', `No such endpoint: ${url.pathname}`));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, fail('BAD_REQUEST', `Method ${request.method} not allowed here.`));
      return;
    }
    const file = rendererFileFor(options.rendererDir, url.pathname);
    if (file === null) {
      sendJson(response, 404, fail('NOT_FOUND', 'Not found.'));
      return;
    }
    await sendFile(response, file, SECURITY_HEADERS);
  }

  async function handleInvoke(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const call = await readJsonCall(request, response, '/api/invoke');
    if (call) sendJson(response, 200, await options.service.invoke(call.method, call.params));
  }

  /**
   * A byte-answering call: JSON in, the bytes out as application/octet-stream. A failure is a JSON
   * Result with status 200, like /api/invoke: errors are data, and a browser logs every non-2xx fetch as an error.
   */
  async function handleByteRead(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const call = await readJsonCall(request, response, '/api/read');
    if (!call) return;
    const result = await options.service.readBytes(call.method, call.params);
    if (!result.ok) {
      sendJson(response, 200, result);
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Length': String(result.value.byteLength) });
    response.end(result.value);
  }

  /**
   * A byte-sending call: the bytes as an application/octet-stream body, the call as JSON in the
   * `X-Veil-Call` header. Both make it a CORS non-simple request, which is never allowed.
   */
  async function handleByteWrite(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      sendJson(response, 405, fail('BAD_REQUEST', 'Use POST for /api/write.'));
      return;
    }
    if (request.headers['content-type'] !== 'application/octet-stream') {
      sendJson(response, 415, fail('BAD_REQUEST', 'Send the bytes as application/octet-stream.'));
      return;
    }
    const call = parseCall(String(request.headers['x-veil-call'] ?? ''));
    if (!call.ok) {
      sendJson(response, 400, call);
      return;
    }
    const body = await readBody(request, MAX_SNAPSHOT_BYTES);
    if (body === null) {
      sendJson(response, 413, fail('BAD_REQUEST', `Request body larger than ${MAX_SNAPSHOT_BYTES} bytes.`));
      return;
    }
    sendJson(response, 200, await options.service.writeBytes(call.value.method, call.value.params, body));
  }

  /** The `{method, params}` of a JSON POST, or null after answering why it is refused. */
  async function readJsonCall(request: IncomingMessage, response: ServerResponse, endpoint: string): Promise<InvokeRequest | null> {
    if (request.method !== 'POST') {
      sendJson(response, 405, fail('BAD_REQUEST', `Use POST for ${endpoint}.`));
      return null;
    }
    // Requiring JSON makes every cross-site attempt a CORS "non-simple" request, which we never allow.
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(response, 415, fail('BAD_REQUEST', 'Send the call as application/json.'));
      return null;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === null) {
      sendJson(response, 413, fail('BAD_REQUEST', `Request body larger than ${MAX_BODY_BYTES} bytes.`));
      return null;
    }
    const call = parseCall(body.toString('utf8'));
    if (!call.ok) {
      sendJson(response, 400, call);
      return null;
    }
    return call.value;
  }

  function handleEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    response.write(': connected\n\n');
    eventStreams.add(response);
    request.on('close', () => eventStreams.delete(response));
  }

  const unsubscribe = options.service.events.subscribe((message) => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

function parseCall(text: string): Result<InvokeRequest> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('BAD_REQUEST', 'The call is not valid JSON.');
  }
  const call = InvokeRequestSchema.safeParse(json);
  return call.success ? ok(call.data) : fail('BAD_REQUEST', `Malformed call: ${describeZodError(call.error)}`);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
