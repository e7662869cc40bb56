/**
 * The head surface and inspectViews on a worker thread, so the defaced image's surface and five
 * detections run while the calling thread does the original's: the detector is single-threaded
 * (tfjs's threaded wasm build does not start in Node: its workers load from blob: URLs), and one
 * detection is 220–230 ms of CPU here.
 * The worker keeps its face models between checks (worker-pool.ts). A face found on the defaced
 * image comes back with its descriptor, for the host to compare with the original's.
 */
import path from 'node:path';
import type { ViewDetection } from '../api/deface.js';
import { WorkerPool } from '../engine/worker/worker-pool.js';
import type { GrayImage } from '../image/png.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { Volume } from '../volume/volume.js';

/** The built worker script: workers run compiled JavaScript, also when the host runs from source in tests. */
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'src', 'recognizability', 'views-worker.js');
/** As the engine's workers: kept across a batch, not for long after it. */
const IDLE_WORKER_MS = 30_000;

export interface ViewsJob {
  image: Volume;
  /** The original's face view centre (faceViewCenter), so both images' pictures line up. */
  center: [number, number, number];
}

/** Per view: the render, the detections, and the best face's descriptor when there is a face. */
export interface DescribedViews {
  pictures: GrayImage[];
  detections: ViewDetection[];
  descriptors: (Float32Array | null)[];
}

export type ViewsAnswer = { type: 'done'; views: DescribedViews } | { type: 'error'; message: string };

const workers = new WorkerPool(WORKER_SCRIPT, 'face detection worker', IDLE_WORKER_MS);

/**
 * Extracts an image's head surface, renders it from every view and looks for faces, on a worker
 * thread (the image is copied there: 10–20 ms for a 1 mm head).
 *
 * @example
 * const [original, defaced] = await Promise.all([inspectViews(originalHead, center), inspectViewsInWorker(defacedImage, center)]);
 */
export function inspectViewsInWorker(image: Volume, center: [number, number, number]): Promise<DescribedViews> {
  return workers.run<ViewsAnswer, DescribedViews>({ image, center } satisfies ViewsJob, (answer) =>
    answer.type === 'done' ? { value: answer.views } : { error: new Error(answer.message) },
  );
}
