/**
 * Messages between the engine worker and its host. Errors travel as data (name, code, message) and
 * are rebuilt on the host side, so a VeilError stays a VeilError and a cancel stays a cancel.
 */
import type { ErrorCode } from '../../api/result.js';
import type { DefaceOutcome, DefaceProgress, DefaceRequest } from '../engine.js';

/** One deface for a (long-lived) worker; it runs one at a time. */
export interface WorkerRun {
  request: DefaceRequest;
  /** Int32Array(1) over shared memory: the host sets it to 1 to cancel. */
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; progress: DefaceProgress }
  | { type: 'done'; outcome: DefaceOutcome }
  | { type: 'error'; name: string; code?: ErrorCode; message: string; stack?: string };
