/**
 * The original image's half of the check on a worker thread: its head surface and renders, and a
 * share of the detections of both images (view-board.ts), while the calling thread makes the
 * defaced image's surface and renders (during a deface: once the deface is done) and does the other
 * detections. The worker keeps its face models between checks (worker-pool.ts).
 */
import path from 'node:path';
import type { ViewDetection } from '../api/deface.js';
import { WorkerPool } from '../engine/worker/worker-pool.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { ScaledVoxels } from '../volume/volume.js';

/** The built worker script: workers run compiled JavaScript, also when the host runs from source in tests. */
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'src', 'recognizability', 'views-worker.js');
/** As the engine's workers: kept across a batch, not for long after it. */
const IDLE_WORKER_MS = 30_000;

export interface ViewsJob {
  /** As stored: for 8- and 16-bit images a half or a quarter of a Float32 copy to send. */
  image: ScaledVoxels;
  /** The check's shared board (createViewBoard().buffer); the worker publishes the views' centre there. */
  board: SharedArrayBuffer;
}

/** The detections the worker did, by index into VIEW_TASKS. */
export interface WorkerDetection {
  task: number;
  detection: ViewDetection;
}

export type ViewsAnswer = { type: 'done'; detections: WorkerDetection[] } | { type: 'error'; message: string };

const workers = new WorkerPool(WORKER_SCRIPT, 'face detection worker', IDLE_WORKER_MS);

/**
 * Extracts the original's head surface on a worker thread, publishes the views' centre and its
 * renders on the board, and detects faces until the board's tasks are all claimed (the image is
 * copied to the worker).
 *
 * @example
 * const board = createViewBoard();
 * const fromWorker = detectOriginalInWorker(original, board.buffer);
 * const mine = await workOnSide(defaced, board, 'defaced');
 */
export function detectOriginalInWorker(image: ScaledVoxels, board: SharedArrayBuffer): Promise<WorkerDetection[]> {
  return workers.run<ViewsAnswer, WorkerDetection[]>({ image, board } satisfies ViewsJob, (answer) =>
    answer.type === 'done' ? { value: answer.detections } : { error: new Error(answer.message) },
  );
}
