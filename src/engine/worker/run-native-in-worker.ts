/**
 * Runs the native engine in a worker thread and relays its progress; aborting the signal cancels the
 * run cooperatively (the engine stops at its next check and leaves no output behind).
 *
 * Workers are long-lived: a worker that finished an image waits for the next one, so a batch pays
 * for starting a worker and loading the face models (0.5 s of CPU here) once per worker instead of
 * once per image. An idle worker does not keep the process alive, and ends after IDLE_WORKER_MS.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { VeilError } from '../../api/result.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { CancelledError, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from '../engine.js';
import type { WorkerMessage, WorkerRun } from './messages.js';

/** The built worker script: workers run compiled JavaScript, also when the host runs from source in tests. */
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'src', 'engine', 'worker', 'native-worker.js');

/**
 * A batch hands a worker its next image within milliseconds; an app left open should not hold the
 * workers' memory (face models and the wasm heap) for long after its last run.
 */
const IDLE_WORKER_MS = 30_000;

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
  onExit: () => void;
}

const idleWorkers: IdleWorker[] = [];

/**
 * Defaces one image with the native engine off the calling thread, on an idle worker if there is one.
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
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const worker = takeWorker();
    const cancel = () => Atomics.store(new Int32Array(cancelFlag), 0, 1);
    signal?.addEventListener('abort', cancel, { once: true });
    let settled = false;
    /** `reusable`: the worker answered (done or an engine error) and can take the next image. */
    const settle = (action: () => void, reusable: boolean) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (reusable) keepIdle(worker);
      else void worker.terminate();
      action();
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.outcome), true);
      else settle(() => reject(rebuildError(message)), true);
    };
    const onError = (error: Error) => settle(() => reject(error), false);
    const onExit = (code: number) => settle(() => reject(new Error(`The engine worker stopped unexpectedly (exit code ${code}).`)), false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ request, cancelFlag } satisfies WorkerRun);
  });
}

/**
 * How many engine workers are waiting for an image (each keeps its loaded face models).
 *
 * @example
 * await runNativeInWorker(request, () => undefined);
 * idleNativeWorkers(); // 1: the next run reuses it
 */
export function idleNativeWorkers(): number {
  return idleWorkers.length;
}

function takeWorker(): Worker {
  const idle = idleWorkers.pop();
  if (idle === undefined) return new Worker(WORKER_SCRIPT);
  clearTimeout(idle.timer);
  idle.worker.off('exit', idle.onExit);
  idle.worker.ref();
  return idle.worker;
}

function keepIdle(worker: Worker): void {
  const forget = () => {
    const index = idleWorkers.indexOf(idle);
    if (index >= 0) idleWorkers.splice(index, 1);
  };
  const idle: IdleWorker = {
    worker,
    timer: setTimeout(() => {
      forget();
      void worker.terminate();
    }, IDLE_WORKER_MS).unref(),
    onExit: forget,
  };
  worker.once('exit', idle.onExit);
  // Waiting for work must not keep the process alive (a CLI run ends when its image is done).
  worker.unref();
  idleWorkers.push(idle);
}

function rebuildError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.name === 'AbortError') return new CancelledError();
  const error = message.code ? new VeilError(message.code, message.message) : new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
