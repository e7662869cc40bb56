/**
 * Worker thread of views-in-worker.ts: the original image's side of the check (view-side.ts).
 * Long-lived: one job at a time, the face models kept between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { openViewBoard } from './view-board.js';
import { workOnSide } from './view-side.js';
import type { ViewsAnswer, ViewsJob } from './views-in-worker.js';

const post = (answer: ViewsAnswer) => parentPort?.postMessage(answer);

parentPort?.on('message', (job: ViewsJob) => void answer(job));

async function answer(job: ViewsJob): Promise<void> {
  try {
    const mine = await workOnSide(job.image, openViewBoard(job.board), 'original');
    post({ type: 'done', detections: [...mine].map(([task, faces]) => ({ task, detection: faces.detection })) });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
