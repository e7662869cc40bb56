/**
 * Who may talk to the loopback server: requests that name a loopback host (against DNS rebinding),
 * come from no foreign origin (no CORS, ever), and carry the per-start token.
 */
import type { IncomingMessage } from 'node:http';
import { tokensMatch } from './token.js';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True when a Host header names this machine's loopback interface, on any port (an SSH tunnel
 * may map the server to another local port).
 *
 * @example
 * isLoopbackHost('127.0.0.1:8765'); // true
 * isLoopbackHost('evil.example:8765'); // false
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_HOSTNAMES.has(match[1] ?? '');
}

/**
 * True when the Origin header is absent (same-origin GETs, tools) or is a loopback http origin.
 *
 * @example
 * isAllowedOrigin(undefined); // true
 * isAllowedOrigin('https://evil.example'); // false
 */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackHost(url.host);
  } catch {
    return false;
  }
}

/**
 * The cookie that carries the token after the first visit. Cookies ignore ports, so the port is in the name.
 *
 * @example
 * tokenCookieName(8765); // 'veil_token_8765'
 */
export function tokenCookieName(port: number): string {
  return `veil_token_${port}`;
}

/**
 * Reads one cookie from a request.
 *
 * @example
 * readCookie(req, 'veil_token_8765');
 */
export function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * True when the request presents the token as `Authorization: Bearer …` or in the session cookie.
 * (The `?token=` query is handled by the server, which exchanges it for the cookie.)
 *
 * @example
 * hasValidToken(req, token, 8765);
 */
export function hasValidToken(request: IncomingMessage, token: string, port: number): boolean {
  const auth = request.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
  return tokensMatch(token, bearer) || tokensMatch(token, readCookie(request, tokenCookieName(port)));
}
