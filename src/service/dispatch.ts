/**
 * The single entry point both shells call: validate the request against the contract, run the
 * handler, validate the answer, and turn every failure into a Result. Nothing thrown in the core
 * reaches a shell as an exception.
 */
import { isMethodName, methods, type MethodName, type MethodParams, type MethodResult } from '../api/contract.js';
import { describeZodError, fail, ok, VeilError, type Result } from '../api/result.js';

/** One handler per contract method; params arrive already validated. */
export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
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
  try {
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    const value = await handler(params.data);
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      reportError(checked.error, method);
      return fail('INTERNAL', `The core produced an invalid answer for ${method}: ${describeZodError(checked.error)}`);
    }
    return ok(checked.data);
  } catch (error) {
    if (error instanceof VeilError) return fail(error.code, error.message);
    reportError(error, method);
    return fail('INTERNAL', `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
