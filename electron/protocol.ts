/**
 * Serves the built renderer from `veil://app/…` instead of `file://`, so the page has a real origin,
 * gets the CSP as a header, and cannot read arbitrary local files.
 */
import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../src/security/csp.js';
import { rendererFileFor } from '../src/server/static-files.js';

export const APP_SCHEME = 'veil';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before `app.whenReady()`: privileged schemes are fixed at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Answers `veil://app/<path>` from the renderer folder; anything else is 404. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? rendererFileFor(rendererDir, url.pathname) : null;
    if (file === null) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path.resolve(file)).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
