/**
 * Messages between the engine worker and its host. Errors travel as data (name, code, message) and
 * are rebuilt on the host side, so a VeilError stays a VeilError and a cancel stays a cancel.
 */
import type { SelfCheck } from '../../api/deface.js';
import type { ErrorCode } from '../../api/result.js';
import type { DefaceOutcome, DefaceProgress, DefaceRequest } from '../engine.js';
import type { ForeignOutputCheck } from '../verify-output.js';

/** What a worker can do: a native deface, or the self-check of another tool's output (FSL's). */
export type WorkerTask = { kind: 'deface'; request: DefaceRequest } | { kind: 'check-output'; check: ForeignOutputCheck };

/** One job for a (long-lived) worker, which runs one at a time. */
export interface WorkerJob {
  task: WorkerTask;
  /** Int32Array(1) over shared memory: the host sets it to 1 to cancel. */
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; progress: DefaceProgress }
  | { type: 'done'; outcome: DefaceOutcome }
  | { type: 'checked'; selfCheck: SelfCheck }
  | { type: 'error'; name: string; code?: ErrorCode; message: string; stack?: string };
