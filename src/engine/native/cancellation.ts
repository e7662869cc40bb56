/**
 * Cancellation for the long-running engine loops: one way to check an AbortSignal and one error
 * shape (name 'AbortError', like the DOM's), so callers can tell "cancelled" from "failed".
 */

/**
 * What the engine needs of an AbortSignal: an AbortSignal fits, and so does a flag shared with a
 * worker thread (`{ get aborted() { … } }`).
 */
export interface CancellationSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/**
 * The error thrown when a run is cancelled; `cause` carries the signal's reason.
 *
 * @example
 * throw abortError(signal.reason); // error.name === 'AbortError'
 */
export function abortError(reason?: unknown): Error {
  const error = new Error('Defacing was cancelled.', { cause: reason });
  error.name = 'AbortError';
  return error;
}

/**
 * Throws an AbortError when the signal has been aborted; does nothing without a signal.
 *
 * @example
 * for (let iteration = 0; iteration < 1000; iteration++) {
 *   if (iteration % 50 === 0) throwIfAborted(signal);
 * }
 */
export function throwIfAborted(signal: CancellationSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal.reason);
}
