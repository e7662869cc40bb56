/**
 * Runs the native engine, or the FSL engine's self-check of FSL's output, in a worker thread and
 * relays its progress; a cancelled caller (its flag's `aborted`, polled) cancels the run
 * cooperatively (the engine stops at its next check and leaves no output behind).
 *
 * Workers are long-lived (worker-pool.ts): a worker that finished an image takes the next one, so a
 * batch pays for starting a worker and loading the face models (0.5 s of CPU here) once per worker
 * instead of once per image.
 */
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { PACKAGE_ROOT } from '../../paths.js';
import type { SelfCheck } from '../../api/deface.js';
import { CancelledError, type CancellationFlag, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from '../engine.js';
import type { ForeignOutputCheck } from '../verify-output.js';
import type { WorkerJob, WorkerMessage, WorkerTask } from './messages.js';
import { WorkerPool, type JobEnd } from './worker-pool.js';

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
 * A batch hands a worker its next image within milliseconds; an app left open should not hold the
 * workers' memory (face models and the wasm heap) for long after its last run.
 */
const IDLE_WORKER_MS = 30_000;

const workers = new WorkerPool(WORKER_SCRIPT, 'engine worker', IDLE_WORKER_MS, { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB });

/** How often a run looks whether its caller cancelled (then the worker stops at its next check). */
const CANCEL_POLL_MS = 100;

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
  cancellation?: CancellationFlag,
): Promise<DefaceOutcome> {
  return runJob({ kind: 'deface', request }, cancellation, (message) => {
    if (message.type === 'progress') return void onProgress(message.progress);
    return message.type === 'done' ? { value: message.outcome } : undefined;
  });
}

/**
 * Veil's self-check of another tool's output (FSL's), with the recognizability check, off the
 * calling thread: seconds of analysis that would otherwise stall the app's server.
 *
 * @example
 * const selfCheck = await checkOutputInWorker({ engine, parameters, input: fingerprint, output, readFrom, stagesMs, recognizability: true }, signal);
 */
export function checkOutputInWorker(check: ForeignOutputCheck, cancellation?: CancellationFlag): Promise<SelfCheck> {
  return runJob({ kind: 'check-output', check }, cancellation, (message) => (message.type === 'checked' ? { value: message.selfCheck } : undefined));
}

/** Runs `task` on a worker; `answer` ends it on its message (errors end it in any case). */
async function runJob<T>(task: WorkerTask, cancellation: CancellationFlag | undefined, answer: (message: WorkerMessage) => JobEnd<T>): Promise<T> {
  if (cancellation?.aborted) throw new CancelledError();
  const cancelFlag = new SharedArrayBuffer(4);
  // A flag, not an event: an AbortSignal and the FSL engine's cancellation flags both have `aborted`.
  const poll = setInterval(() => {
    if (cancellation?.aborted) Atomics.store(new Int32Array(cancelFlag), 0, 1);
  }, CANCEL_POLL_MS);
  try {
    return await workers.run<WorkerMessage, T>({ task, cancelFlag } satisfies WorkerJob, (message) => (message.type === 'error' ? { error: rebuildError(message) } : answer(message)));
  } finally {
    clearInterval(poll);
  }
}

/**
 * How many engine workers are waiting for an image (each keeps its loaded face models).
 *
 * @example
 * await runNativeInWorker(request, () => undefined);
 * idleNativeWorkers(); // 1: the next run reuses it
 */
export function idleNativeWorkers(): number {
  return workers.idleCount;
}

function rebuildError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.name === 'AbortError') return new CancelledError();
  const error = message.code ? new VeilError(message.code, message.message) : new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
