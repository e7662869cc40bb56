/**
 * Worker thread that runs the native engine, so the app and the CLI stay responsive and a run can
 * be cancelled between (and within) stages through a flag in shared memory. The worker lives on
 * for the next image (see run-native-in-worker.ts): the face models it loads for the
 * recognizability check are loaded once per worker, not once per image.
 */
import { parentPort } from 'node:worker_threads';
import { VeilError } from '../../api/result.js';
import { nativeEngine } from '../native-engine.js';
import type { WorkerMessage, WorkerRun } from './messages.js';

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

parentPort?.on('message', (run: WorkerRun) => void deface(run));

async function deface(run: WorkerRun): Promise<void> {
  const flag = new Int32Array(run.cancelFlag);
  try {
    const outcome = await nativeEngine.run(
      run.request,
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
}
