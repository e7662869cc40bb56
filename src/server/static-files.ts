import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { isWithin } from '../datasets/containment.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * Maps a URL path to a file inside the built renderer; `/` and unknown routes without an extension
 * fall back to index.html (single-page app). Returns null for anything outside the folder.
 *
 * @example
 * rendererFileFor('/work/dist/renderer', '/assets/index.js'); // '/work/dist/renderer/assets/index.js'
 */
export function rendererFileFor(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || path.extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  return isWithin(rendererDir, file) ? file : null;
}

/**
 * Streams a file with its content type, or answers 404.
 *
 * @example
 * await sendFile(res, file, { 'Content-Security-Policy': csp });
 */
export async function sendFile(response: ServerResponse, file: string, headers: Record<string, string>): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    response.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
    });
    createReadStream(file).pipe(response);
  } catch {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Not found\n');
  }
}
