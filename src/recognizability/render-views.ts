/**
 * The views of the recognizability check and one head's renders from each: the original's are made
 * on the caller's thread, the defaced image's on a worker thread at the same time (views-in-worker.ts).
 */
import type { GrayImage } from '../image/png.js';
import { prepareSurface, renderSurface } from '../qc/surface-render.js';
import type { HeadSurface } from './head-surface.js';

/** The views, by the subject's side: a positive yaw looks from the subject's left. */
export const RECOGNIZABILITY_VIEWS = [
  { name: 'front', yawDegrees: 0 },
  { name: 'left-30', yawDegrees: 30 },
  { name: 'right-30', yawDegrees: -30 },
  { name: 'left-60', yawDegrees: 60 },
  { name: 'right-60', yawDegrees: -60 },
] as const;

/**
 * 1 mm per pixel over 256 mm: the face fills about two thirds of the picture. On 10 real heads and
 * templates, 1.5 mm per pixel (a smaller face for the detector) found a face on 1–2 of them where
 * 1 mm found 8; 0.8 mm (a face cropped closer) found 7.
 */
export const RENDER = { pixelMm: 1, sizeMm: 256 };

/**
 * A renderer of a head's views around `center`: call it with a view's index in RECOGNIZABILITY_VIEWS.
 *
 * @example
 * const head = extractHeadSurface(original);
 * const front = viewRenderer(head, faceViewCenter(head))(0);
 */
export function viewRenderer(head: HeadSurface, center: [number, number, number]): (view: number) => GrayImage {
  const surface = prepareSurface(head.field, head.near);
  return (view) => renderSurface(surface, { yawDegrees: RECOGNIZABILITY_VIEWS[view].yawDegrees, center, ...RENDER });
}
