/**
 * The single entry point both shells call: validate the request against the contract, run the
 * handler, validate the answer, and turn every failure into a Result. Nothing thrown in the core
 * reaches a shell as an exception.
 */
import {
  byteReads,
  byteWrites,
  isByteReadName,
  isByteWriteName,
  isMethodName,
  methods,
  type ByteReadName,
  type ByteReadParams,
  type ByteWriteName,
  type ByteWriteParams,
  type ByteWriteResult,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../api/contract.js';
import type { z } from 'zod';
import { describeZodError, fail, ok, VeilError, type Result } from '../api/result.js';

/** One handler per contract method; params arrive already validated. */
export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
};

/** One handler per byte-answering call. */
export type ByteReadHandlers = {
  [M in ByteReadName]: (params: ByteReadParams<M>) => Promise<Uint8Array>;
};

/** One handler per byte-sending call; `body` is the bytes sent. */
export type ByteWriteHandlers = {
  [M in ByteWriteName]: (params: ByteWriteParams<M>, body: Uint8Array) => Promise<ByteWriteResult<M>>;
};

/** Where unexpected errors are reported (with their stack); stderr by default. */
export type ErrorReporter = (error: unknown, method: string) => void;

const reportToStderr: ErrorReporter = (error, method) => {
  console.error(`veil: internal error in ${method}:`, error);
};

/**
 * Runs one call through the contract.
 *
 * @example
 * await dispatch(handlers, 'files.list', { datasetId, path: '' }); // {ok: true, value: {...}}
 * await dispatch(handlers, 'nope', {});                             // {ok: false, error: {code: 'UNKNOWN_METHOD', …}}
 */
export async function dispatch(
  handlers: Handlers,
  method: string,
  rawParams: unknown,
  reportError: ErrorReporter = reportToStderr,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `Unknown method: ${method}`);
  const spec = methods[method];
  const params = spec.params.safeParse(rawParams ?? {});
  if (!params.success) return fail('BAD_REQUEST', `Invalid parameters for ${method}: ${describeZodError(params.error)}`);
  const handler = handlers[method] as (p: unknown) => Promise<unknown>;
  return guarded(method, reportError, async () => checkedAnswer(method, spec.result, await handler(params.data), reportError));
}

/**
 * Runs one byte-answering call: validated parameters in, bytes (or an error) out.
 *
 * @example
 * await dispatchByteRead(handlers, 'volumes.read', { datasetId, path: 'sub-01/anat/sub-01_T1w.nii.gz' }); // {ok: true, value: Uint8Array}
 */
export async function dispatchByteRead(
  handlers: ByteReadHandlers,
  method: string,
  rawParams: unknown,
  reportError: ErrorReporter = reportToStderr,
): Promise<Result<Uint8Array>> {
  if (!isByteReadName(method)) return fail('UNKNOWN_METHOD', `Unknown byte call: ${method}`);
  const params = byteReads[method].params.safeParse(rawParams ?? {});
  if (!params.success) return fail('BAD_REQUEST', `Invalid parameters for ${method}: ${describeZodError(params.error)}`);
  const handler = handlers[method] as (p: unknown) => Promise<Uint8Array>;
  return guarded(method, reportError, async () => ok(await handler(params.data)));
}

/**
 * Runs one byte-sending call: validated parameters and the bytes in, a validated JSON answer out.
 *
 * @example
 * await dispatchByteWrite(handlers, 'snapshots.save', { datasetId, original, view: 'face-3d', side: 'defaced' }, png);
 */
export async function dispatchByteWrite(
  handlers: ByteWriteHandlers,
  method: string,
  rawParams: unknown,
  body: Uint8Array,
  reportError: ErrorReporter = reportToStderr,
): Promise<Result<unknown>> {
  if (!isByteWriteName(method)) return fail('UNKNOWN_METHOD', `Unknown byte call: ${method}`);
  const spec = byteWrites[method];
  const params = spec.params.safeParse(rawParams ?? {});
  if (!params.success) return fail('BAD_REQUEST', `Invalid parameters for ${method}: ${describeZodError(params.error)}`);
  const handler = handlers[method] as (p: unknown, b: Uint8Array) => Promise<unknown>;
  return guarded(method, reportError, async () => checkedAnswer(method, spec.result, await handler(params.data, body), reportError));
}

/** The answer as a Result, after checking it against its schema: the core never sends what the contract does not allow. */
function checkedAnswer(method: string, schema: z.ZodType, value: unknown, reportError: ErrorReporter): Result<unknown> {
  const checked = schema.safeParse(value);
  if (checked.success) return ok(checked.data);
  reportError(checked.error, method);
  return fail('INTERNAL', `The core produced an invalid answer for ${method}: ${describeZodError(checked.error)}`);
}

/** Runs `work`, turning a VeilError into its Result and anything else into INTERNAL (reported with its stack). */
async function guarded<T>(method: string, reportError: ErrorReporter, work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof VeilError) return fail(error.code, error.message);
    reportError(error, method);
    return fail('INTERNAL', `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
