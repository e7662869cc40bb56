import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh random access token (32 bytes, URL-safe base64), like Jupyter's per-start token.
 *
 * @example
 * const token = newAccessToken(); // 'q3…' (43 characters)
 */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a presented token with the expected one in constant time.
 *
 * @example
 * tokensMatch(token, request.headers['x-token']); // true or false
 */
export function tokensMatch(expected: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
