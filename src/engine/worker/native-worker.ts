/**
 * Worker thread that runs the native engine, so the app and the CLI stay responsive and a run can
 * be cancelled between (and within) stages through a flag in shared memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VeilError } from '../../api/result.js';
import { nativeEngine } from '../native-engine.js';
import type { WorkerMessage, WorkerStart } from './messages.js';

const start = workerData as WorkerStart;
const flag = new Int32Array(start.cancelFlag);
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  const outcome = await nativeEngine.run(
    start.request,
    (progress) => post({ type: 'progress', progress }),
    { get aborted() { return Atomics.load(flag, 0) === 1; } },
  );
  post({ type: 'done', outcome });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({
    type: 'error',
    name: failure.name,
    message: failure.message,
    ...(failure instanceof VeilError ? { code: failure.code } : {}),
    ...(failure.stack ? { stack: failure.stack } : {}),
  });
}
