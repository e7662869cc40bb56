/**
 * The recognizability check: render the skin surface of the original and of the defaced image from
 * the front and at ±30° and ±60° yaw, look for faces on every picture as an attacker would, and, when
 * a face is still found on the defaced image, ask the recognition model whether it is the same person.
 */
import type { Recognizability, RecognizabilityView } from '../api/deface.js';
import type { GrayImage } from '../image/png.js';
import { prepareSurface, renderSurface } from '../qc/surface-render.js';
import type { Volume } from '../volume/volume.js';
import { descriptorDistance, detectFaces, faceDescriptor, FACE_SCORE_THRESHOLD, SAME_PERSON_DISTANCE, type ViewFaces } from './detect-faces.js';
import { extractHeadSurface, faceViewCenter } from './head-surface.js';

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
const RENDER = { pixelMm: 1, sizeMm: 256 };
const MODEL_NAME = '@vladmandic/face-api 1.7.15: ssd_mobilenetv1, face_landmark_68, face_recognition (tfjs-backend-wasm)';

/** The check's result and the pictures it looked at (for QC pictures and the report). */
export interface RecognizabilityRun {
  result: Recognizability;
  /** Per view (in RECOGNIZABILITY_VIEWS order): the original's and the defaced image's render. */
  pictures: { original: GrayImage; defaced: GrayImage }[];
}

/**
 * Runs the check on an original and its defaced copy (same grid or not: each is rendered from its
 * own affine, both around the original's head so the pictures line up).
 *
 * @example
 * const { result } = await checkRecognizability(toVolume(await readNifti(input)), toVolume(await readNifti(output)));
 * if (result.faceFoundDefaced) console.log(`a face is still found (score ${result.maxScoreDefaced})`);
 */
export async function checkRecognizability(original: Volume, defaced: Volume): Promise<RecognizabilityRun> {
  const started = performance.now();
  const originalHead = extractHeadSurface(original);
  const defacedHead = extractHeadSurface(defaced);
  const center = faceViewCenter(originalHead);
  const surfaces = { original: prepareSurface(originalHead.field, originalHead.near), defaced: prepareSurface(defacedHead.field, defacedHead.near) };

  const views: RecognizabilityView[] = [];
  const pictures: RecognizabilityRun['pictures'] = [];
  for (const view of RECOGNIZABILITY_VIEWS) {
    const options = { yawDegrees: view.yawDegrees, center, ...RENDER };
    const picture = { original: renderSurface(surfaces.original, options), defaced: renderSurface(surfaces.defaced, options) };
    const faces = { original: await detectFaces(picture.original), defaced: await detectFaces(picture.defaced) };
    pictures.push(picture);
    views.push({
      name: view.name,
      yawDegrees: view.yawDegrees,
      original: faces.original.detection,
      defaced: faces.defaced.detection,
      identityDistance: await identityDistance(picture, faces),
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
  return { result, pictures };
}

/** Descriptor distance between the best faces of the two pictures of a view; null unless both have one. */
async function identityDistance(picture: { original: GrayImage; defaced: GrayImage }, faces: { original: ViewFaces; defaced: ViewFaces }): Promise<number | null> {
  const [originalFace] = faces.original.found;
  const [defacedFace] = faces.defaced.found;
  if (originalFace === undefined || defacedFace === undefined) return null;
  const distance = descriptorDistance(await faceDescriptor(picture.original, originalFace), await faceDescriptor(picture.defaced, defacedFace));
  return Math.round(distance * 1000) / 1000;
}
