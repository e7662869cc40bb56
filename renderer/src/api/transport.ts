/**
 * How the renderer reaches the core: through the Electron preload bridge when it is there,
 * otherwise over HTTP to the browser shell (same origin; the token travels in an HttpOnly cookie).
 */
import type { VeilBridge } from '../../../src/api/bridge.js';
import type { InvokeRequest } from '../../../src/api/contract.js';

export interface Transport {
  invoke(request: InvokeRequest): Promise<unknown>;
  subscribe(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    veil?: VeilBridge;
  }
}

function bridgeTransport(bridge: VeilBridge): Transport {
  return { invoke: (request) => bridge.invoke(request), subscribe: (listener) => bridge.onEvent(listener) };
}

function httpTransport(): Transport {
  return {
    invoke: async (request) => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      // Every answer, 401 and 403 included, carries a Result envelope as its body.
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
