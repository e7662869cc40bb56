/**
 * The renderer's picture of one batch, built from the `batch.start` answer and the `batch.event` /
 * `batch.finished` events. Over HTTP, events may overtake the answer, so either may come first.
 */
import type { BatchEventPayload, BatchSummary, SkippedImage } from '../../../../src/api/contract.js';

export type ImageStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ImageProgress {
  path: string;
  status: ImageStatus;
  stage: string;
  fraction: number;
  /** Why it failed, or the self-check verdict when done. */
  message: string | null;
  /** The engine's last lines for this image (FSL's output), newest last. */
  log: string[];
}

/** Lines of job log kept per image: enough to see what led to an error. */
const LOG_LINES_KEPT = 200;

export interface BatchProgress {
  batchId: string;
  datasetId: string;
  images: Record<string, ImageProgress>;
  skipped: SkippedImage[];
  finished: boolean;
  summary: BatchSummary | null;
  error: string | null;
}

/** A batch known only by its id so far. */
export function emptyBatch(batchId: string, datasetId: string): BatchProgress {
  return { batchId, datasetId, images: {}, skipped: [], finished: false, summary: null, error: null };
}

/** Adds what the `batch.start` answer says: the requested images that were not skipped are queued. */
export function withStartAnswer(batch: BatchProgress, requested: string[], skipped: SkippedImage[]): BatchProgress {
  const skippedPaths = new Set(skipped.map((s) => s.path));
  const images = { ...batch.images };
  for (const path of requested) {
    if (!skippedPaths.has(path) && !images[path]) images[path] = { path, status: 'queued', stage: '', fraction: 0, message: null, log: [] };
  }
  return { ...batch, images, skipped };
}

/** The batch after one event. */
export function withEvent(batch: BatchProgress, event: BatchEventPayload): BatchProgress {
  if (event.type === 'resumed') return batch;
  const before: ImageProgress = batch.images[event.input] ?? { path: event.input, status: 'queued', stage: '', fraction: 0, message: null, log: [] };
  const after: ImageProgress =
    event.type === 'log'
      ? { ...before, log: [...before.log, event.line].slice(-LOG_LINES_KEPT) }
      : event.type === 'start'
      ? { ...before, status: 'running', stage: 'starting', fraction: 0 }
      : event.type === 'progress'
        ? { ...before, status: 'running', stage: event.stage, fraction: event.fraction }
        : event.type === 'done'
          ? { ...before, status: 'done', stage: 'done', fraction: 1, message: `self-check ${event.verdict} (${event.seconds.toFixed(1)} s)` }
          : event.type === 'failed'
            ? { ...before, status: 'failed', stage: 'failed', message: event.error }
            : { ...before, status: 'cancelled', stage: 'cancelled' };
  return { ...batch, images: { ...batch.images, [event.input]: after } };
}

/** The batch once it has ended. */
export function withFinish(batch: BatchProgress, summary: BatchSummary | null, error: string | null): BatchProgress {
  return { ...batch, finished: true, summary, error };
}
