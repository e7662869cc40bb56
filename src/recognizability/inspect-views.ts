/**
 * One head seen from every view of the check: its renders and the faces found on each. The check
 * does this for the original on its own thread and for the defaced image on a worker thread at the
 * same time (views-in-worker.ts).
 */
import type { GrayImage } from '../image/png.js';
import { prepareSurface, renderSurface } from '../qc/surface-render.js';
import { detectFaces, type ViewFaces } from './detect-faces.js';
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

/** Per view (in RECOGNIZABILITY_VIEWS order): the render and the faces found on it. */
export interface InspectedViews {
  pictures: GrayImage[];
  faces: ViewFaces[];
}

/**
 * Renders a head from every view around `center` and looks for faces on each picture.
 *
 * @example
 * const head = extractHeadSurface(original);
 * const { pictures, faces } = await inspectViews(head, faceViewCenter(head));
 */
export async function inspectViews(head: HeadSurface, center: [number, number, number]): Promise<InspectedViews> {
  const surface = prepareSurface(head.field, head.near);
  const inspected: InspectedViews = { pictures: [], faces: [] };
  for (const view of RECOGNIZABILITY_VIEWS) {
    const picture = renderSurface(surface, { yawDegrees: view.yawDegrees, center, ...RENDER });
    inspected.pictures.push(picture);
    inspected.faces.push(await detectFaces(picture));
  }
  return inspected;
}
