/**
 * One thread's side of the recognizability check: its image's head surface, its renders around the
 * views' centre and its share of the detections (view-board.ts). The original's side finds the
 * centre (on the original's head) and publishes it; the defaced side renders around that centre, so
 * that the two images' pictures line up.
 */
import type { CancellationSignal } from '../engine/native/cancellation.js';
import type { ScaledVoxels } from '../volume/volume.js';
import { detectFaces, type ViewFaces } from './detect-faces.js';
import { extractHeadSurface, faceViewCenter } from './head-surface.js';
import { viewRenderer } from './render-views.js';
import { abortViewBoard, boardCenter, publishCenter, workOnViewBoard, type ImageSide, type ViewBoard } from './view-board.js';

/**
 * Does `side`'s part of the check on `image` and returns its detections (by index into
 * VIEW_TASKS); none when the board was aborted first. A failure aborts the board, so the other
 * side never waits for a centre or a picture that will not come.
 *
 * @example
 * const mine = await workOnSide(defaced, board, 'defaced', signal);
 */
export async function workOnSide(image: ScaledVoxels, board: ViewBoard, side: ImageSide, signal?: CancellationSignal): Promise<Map<number, ViewFaces>> {
  try {
    const head = extractHeadSurface(image);
    let center: [number, number, number] | null;
    if (side === 'original') {
      center = faceViewCenter(head);
      publishCenter(board, center);
    } else {
      center = await boardCenter(board);
    }
    if (center === null) return new Map();
    return await workOnViewBoard(board, { side, render: viewRenderer(head, center), detect: detectFaces, signal });
  } catch (error) {
    abortViewBoard(board);
    throw error;
  }
}
