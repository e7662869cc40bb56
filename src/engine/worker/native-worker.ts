/**
 * Worker thread that runs the native engine (and Veil's self-check of FSL's outputs), so the app and
 * the CLI stay responsive and a run can be cancelled between (and within) stages through a flag in
 * shared memory. The worker lives on for the next image (see run-native-in-worker.ts): the face
 * models it loads for the recognizability check are loaded once per worker, not once per image.
 */
import { parentPort } from 'node:worker_threads';
import { VeilError } from '../../api/result.js';
import { nativeEngine } from '../native-engine.js';
import { checkForeignOutput } from '../verify-output.js';
import type { WorkerJob, WorkerMessage } from './messages.js';

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

parentPort?.on('message', (job: WorkerJob) => void work(job));

async function work(job: WorkerJob): Promise<void> {
  const flag = new Int32Array(job.cancelFlag);
  const cancellation = { get aborted() { return Atomics.load(flag, 0) === 1; } };
  try {
    const { task } = job;
    if (task.kind === 'deface') {
      post({ type: 'done', outcome: await nativeEngine.run(task.request, (progress) => post({ type: 'progress', progress }), cancellation) });
    } else {
      post({ type: 'checked', selfCheck: await checkForeignOutput(task.check, cancellation) });
    }
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
