/**
 * Runs the native engine in a worker thread and relays its progress; aborting the signal cancels the
 * run cooperatively (the engine stops at its next check and leaves no output behind).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { VeilError } from '../../api/result.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { CancelledError, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from '../engine.js';
import type { WorkerMessage, WorkerStart } from './messages.js';

/** The built worker script: workers run compiled JavaScript, also when the host runs from source in tests. */
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'src', 'engine', 'worker', 'native-worker.js');

/**
 * The engine worker's young generation, in MB (V8 makes it three semi-spaces: 6 MB is
 * `--max-semi-space-size=2`). Left to V8, a worker's young generation grows to 48 MB and the engine's
 * short-lived garbage (numbers boxed before the surface fit is optimised, row runs) fills it before
 * each scavenge. Measured on the 13 real images (`npm run bench`), peak heap + external memory over
 * the Float32 volume: up to 6.9× by default (the 64×80×100 mridefacer template), at most 4.8× with
 * 6 MB, at the same run time. The engine's volumes are typed arrays outside the young generation,
 * so this bounds garbage, not data.
 */
export const ENGINE_YOUNG_GENERATION_MB = 6;

/**
 * Defaces one image with the native engine off the calling thread.
 *
 * @example
 * const controller = new AbortController();
 * const outcome = await runNativeInWorker(request, (p) => console.log(p.stage), controller.signal);
 */
export function runNativeInWorker(
  request: DefaceRequest,
  onProgress: (progress: DefaceProgress) => void,
  signal?: AbortSignal,
): Promise<DefaceOutcome> {
  const cancelFlag = new SharedArrayBuffer(4);
  const start: WorkerStart = { request, cancelFlag };
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const worker = new Worker(WORKER_SCRIPT, { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB } });
    const cancel = () => Atomics.store(new Int32Array(cancelFlag), 0, 1);
    signal?.addEventListener('abort', cancel, { once: true });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      action();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.outcome));
      else settle(() => reject(rebuildError(message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The engine worker stopped unexpectedly (exit code ${code}).`))));
  });
}

function rebuildError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.name === 'AbortError') return new CancelledError();
  const error = message.code ? new VeilError(message.code, message.message) : new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
