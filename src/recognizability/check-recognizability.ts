/**
 * The recognizability check: render the skin surface of the original and of the defaced image from
 * the front and at ±30° and ±60° yaw, look for faces on every picture as an attacker would, and, when
 * a face is still found on the defaced image, ask the recognition model whether it is the same person.
 */
import type { Recognizability, RecognizabilityView } from '../api/deface.js';
import type { GrayImage } from '../image/png.js';
import type { Volume } from '../volume/volume.js';
import { descriptorDistance, faceDescriptor, FACE_SCORE_THRESHOLD, SAME_PERSON_DISTANCE, type ViewFaces } from './detect-faces.js';
import { extractHeadSurface, faceViewCenter } from './head-surface.js';
import { inspectViews, RECOGNIZABILITY_VIEWS, RENDER } from './inspect-views.js';
import { inspectViewsInWorker } from './views-in-worker.js';

const MODEL_NAME = '@vladmandic/face-api 1.7.15: ssd_mobilenetv1, face_landmark_68, face_recognition (tfjs-backend-wasm)';

/** The check's result and the pictures it looked at (for QC pictures and the report). */
export interface RecognizabilityRun {
  result: Recognizability;
  /** Per view (in RECOGNIZABILITY_VIEWS order): the original's and the defaced image's render. */
  pictures: { original: GrayImage; defaced: GrayImage }[];
}

/**
 * Runs the check on an original and its defaced copy (same grid or not: each is rendered from its
 * own affine, both around the original's head so the pictures line up). The defaced image's surface
 * and views are done on a worker thread while this thread does the original's.
 *
 * @example
 * const { result } = await checkRecognizability(toVolume(await readNifti(input)), toVolume(await readNifti(output)));
 * if (result.faceFoundDefaced) console.log(`a face is still found (score ${result.maxScoreDefaced})`);
 */
export async function checkRecognizability(original: Volume, defaced: Volume): Promise<RecognizabilityRun> {
  const started = performance.now();
  const originalHead = extractHeadSurface(original);
  const center = faceViewCenter(originalHead);
  const [originalViews, defacedViews] = await Promise.all([inspectViews(originalHead, center), inspectViewsInWorker(defaced, center)]);

  const views: RecognizabilityView[] = [];
  for (const [index, view] of RECOGNIZABILITY_VIEWS.entries()) {
    views.push({
      name: view.name,
      yawDegrees: view.yawDegrees,
      original: originalViews.faces[index].detection,
      defaced: defacedViews.detections[index],
      identityDistance: await identityDistance(originalViews.pictures[index], originalViews.faces[index], defacedViews.descriptors[index]),
    });
  }

  const result: Recognizability = {
    model: { name: MODEL_NAME, scoreThreshold: FACE_SCORE_THRESHOLD, identityThreshold: SAME_PERSON_DISTANCE },
    render: RENDER,
    views,
    faceFoundOriginal: views.some((view) => view.original.faces.length > 0),
    faceFoundDefaced: views.some((view) => view.defaced.faces.length > 0),
    maxScoreDefaced: Math.max(0, ...views.map((view) => view.defaced.bestScore)),
    sameIdentity: views.some((view) => view.identityDistance !== null && view.identityDistance < SAME_PERSON_DISTANCE),
    timeMs: performance.now() - started,
  };
  const pictures = originalViews.pictures.map((picture, index) => ({ original: picture, defaced: defacedViews.pictures[index] }));
  return { result, pictures };
}

/** Descriptor distance between the best faces of a view's two pictures; null unless both have one. */
async function identityDistance(originalPicture: GrayImage, originalFaces: ViewFaces, defacedDescriptor: Float32Array | null): Promise<number | null> {
  const [originalFace] = originalFaces.found;
  if (originalFace === undefined || defacedDescriptor === null) return null;
  const distance = descriptorDistance(await faceDescriptor(originalPicture, originalFace), defacedDescriptor);
  return Math.round(distance * 1000) / 1000;
}
