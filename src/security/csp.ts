/**
 * The Content-Security-Policy of the renderer, shared by both shells (the Electron protocol
 * handler and the loopback server send it as a header; the built index.html carries it as a meta tag).
 *
 * Why each source is there:
 * - `img-src data: blob:` — niivue loads its font atlas from a `data:` URL; without it
 *   `attachToCanvas` fails (checked in headless Chromium with niivue 0.69). PNG snapshots are blobs.
 * - `worker-src 'self' blob:` — workers are bundled by Vite as same-origin files.
 * - no `unsafe-eval`, no `unsafe-inline` scripts: niivue needs neither.
 */
const DOCUMENT_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** The policy sent as an HTTP header (both shells). */
export const RENDERER_CSP = [...DOCUMENT_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * The same policy for the `<meta>` tag in index.html: `frame-ancestors` is left out because
 * Chromium ignores it in a meta tag and logs a console error for it.
 */
export const RENDERER_CSP_META = DOCUMENT_DIRECTIVES.join('; ');
