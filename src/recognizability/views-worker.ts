/**
 * Worker thread of views-in-worker.ts: extracts an image's head surface, renders it from every
 * view, looks for faces, and describes the best face of each view that has one. Long-lived: one job
 * at a time.
 */
import { parentPort } from 'node:worker_threads';
import { faceDescriptor } from './detect-faces.js';
import { extractHeadSurface } from './head-surface.js';
import { inspectViews } from './inspect-views.js';
import type { ViewsAnswer, ViewsJob } from './views-in-worker.js';

const post = (answer: ViewsAnswer) => parentPort?.postMessage(answer);

parentPort?.on('message', (job: ViewsJob) => void answer(job));

async function answer(job: ViewsJob): Promise<void> {
  try {
    const { pictures, faces } = await inspectViews(extractHeadSurface(job.image), job.center);
    const descriptors: (Float32Array | null)[] = [];
    for (const [index, view] of faces.entries()) {
      const [best] = view.found;
      descriptors.push(best === undefined ? null : await faceDescriptor(pictures[index], best));
    }
    post({ type: 'done', views: { pictures, detections: faces.map((view) => view.detection), descriptors } });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
