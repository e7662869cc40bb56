/**
 * How the renderer reaches the core: through the Electron preload bridge when it is there,
 * otherwise over HTTP to the browser shell (same origin; the token travels in an HttpOnly cookie).
 */
import type { VeilBridge } from '../../../src/api/bridge.js';
import type { InvokeRequest } from '../../../src/api/contract.js';

export interface Transport {
  invoke(request: InvokeRequest): Promise<unknown>;
  /** A byte-answering call: resolves with a Result envelope whose value is the bytes. */
  readBytes(request: InvokeRequest): Promise<unknown>;
  /** A byte-sending call: resolves with a Result envelope. */
  writeBytes(request: InvokeRequest, body: Uint8Array): Promise<unknown>;
  subscribe(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    veil?: VeilBridge;
  }
}

function bridgeTransport(bridge: VeilBridge): Transport {
  return {
    invoke: (request) => bridge.invoke(request),
    readBytes: (request) => bridge.readBytes(request),
    writeBytes: (request, body) => bridge.writeBytes(request, body),
    subscribe: (listener) => bridge.onEvent(listener),
  };
}

const postJson = (endpoint: string, request: InvokeRequest) =>
  fetch(endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });

function httpTransport(): Transport {
  return {
    // Every JSON answer, 401 and 403 included, carries a Result envelope as its body.
    invoke: async (request) => (await postJson('/api/invoke', request)).json(),
    readBytes: async (request) => {
      const response = await postJson('/api/read', request);
      if (response.headers.get('Content-Type') !== 'application/octet-stream') return response.json();
      return { ok: true, value: new Uint8Array(await response.arrayBuffer()) };
    },
    writeBytes: async (request, body) => {
      const response = await fetch('/api/write', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream', 'X-Veil-Call': JSON.stringify(request) },
        body: body as Uint8Array<ArrayBuffer>,
      });
      return response.json();
    },
    subscribe: (listener) => {
      const source = new EventSource('/api/events');
      source.onmessage = (event: MessageEvent<string>) => listener(JSON.parse(event.data));
      return () => source.close();
    },
  };
}

/**
 * The transport for this page.
 *
 * @example
 * const transport = detectTransport(); await transport.invoke({ method: 'app.info', params: {} });
 */
export function detectTransport(): Transport {
  return window.veil ? bridgeTransport(window.veil) : httpTransport();
}
