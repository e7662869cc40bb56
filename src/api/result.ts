/**
 * The Result envelope: every answer that crosses a shell boundary (IPC or HTTP) is data,
 * `{ok: true, value}` or `{ok: false, error: {code, message}}`, so a failure is never a lost
 * exception on the other side. This module is pure (no Node, no DOM): the renderer imports it.
 */
import { z } from 'zod';

/** Machine-readable error codes; the message beside each is for people. */
export const ErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'NOT_A_DIRECTORY',
  'OUTSIDE_DATASET',
  'PERMISSION_DENIED',
  'UNSUPPORTED',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.strictObject({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * An error the core raises on purpose; the dispatcher turns it into `{ok: false, error}`.
 *
 * @example
 * throw new VeilError('NOT_FOUND', `No such folder: ${path}`);
 */
export class VeilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VeilError';
  }
}

/**
 * Schema of a Result whose value has the given schema, for validating answers at a boundary.
 *
 * @example
 * resultSchema(z.number()).parse({ ok: true, value: 3 });
 */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: ApiErrorSchema }),
  ]);
}

/**
 * Wraps a value as a successful Result.
 *
 * @example
 * const r = ok(42); // {ok: true, value: 42}
 */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/**
 * Wraps an error as a failed Result.
 *
 * @example
 * const r = fail('NOT_FOUND', 'No such dataset'); // {ok: false, error: {...}}
 */
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/**
 * Formats zod issues as one readable line, e.g. `path: Too big: expected string to have <=4096 characters`.
 *
 * @example
 * describeZodError(schema.safeParse(x).error!);
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
