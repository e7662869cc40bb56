/**
 * Worker thread of views-in-worker.ts: extracts the defaced image's head surface, puts its renders
 * on the check's shared board once the original's view centre is there, then takes its share of the
 * detections (view-board.ts). Long-lived: one job at a time, the face models kept between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { detectFaces } from './detect-faces.js';
import { extractHeadSurface } from './head-surface.js';
import { viewRenderer } from './render-views.js';
import { abortViewBoard, boardCenter, openViewBoard, workOnViewBoard } from './view-board.js';
import type { ViewsAnswer, ViewsJob } from './views-in-worker.js';

const post = (answer: ViewsAnswer) => parentPort?.postMessage(answer);

parentPort?.on('message', (job: ViewsJob) => void answer(job));

async function answer(job: ViewsJob): Promise<void> {
  const board = openViewBoard(job.board);
  try {
    const head = extractHeadSurface(job.image);
    const center = await boardCenter(board);
    const mine = center === null ? new Map() : await workOnViewBoard(board, { side: 'defaced', render: viewRenderer(head, center), detect: detectFaces });
    post({ type: 'done', detections: [...mine].map(([task, faces]) => ({ task, detection: faces.detection })) });
  } catch (error) {
    abortViewBoard(board);
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
