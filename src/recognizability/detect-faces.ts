/**
 * Face detection on one rendered view: every detection's score, and for the faces at or above the
 * detector's threshold their 68 landmarks (eyes, nose, mouth); on request the face descriptor that
 * tells whether two faces are the same person.
 */
import type { DetectedFace, ViewDetection } from '../api/deface.js';
import type { GrayImage } from '../image/png.js';
import { loadFaceModels, type FaceApiModule } from './face-model.js';
import { locateFaces } from './ssd-detector.js';

/** face-api's own default `minConfidence` for SSD MobileNet v1: what the detector calls a face. */
export const FACE_SCORE_THRESHOLD = 0.5;
/** face-api's (and dlib's) usual threshold: descriptors closer than this are the same person. */
export const SAME_PERSON_DISTANCE = 0.6;
/** Scores below this are not worth keeping (the detector returns dozens of 0.05 boxes). */
const SCORE_FLOOR = 0.05;

type FaceWithLandmarks = Awaited<ReturnType<FaceApiModule['DetectAllFaceLandmarksTask']['prototype']['run']>>[number];

/** A view's detections, with what a descriptor needs kept for later. */
export interface ViewFaces {
  detection: ViewDetection;
  /** The faces at or above the threshold, in the order of `detection.faces`. */
  found: FaceWithLandmarks[];
}

/**
 * Detects faces on a grey picture.
 *
 * @example
 * const { detection } = await detectFaces(renderSurface(surface, { yawDegrees: 0, center }));
 * detection.faces.length > 0; // a face at the detector's threshold
 */
export async function detectFaces(picture: GrayImage): Promise<ViewFaces> {
  const faceapi = await loadFaceModels();
  const input = toTensor(faceapi, picture);
  try {
    const all = await locateFaces(faceapi, input, SCORE_FLOOR);
    const bestScore = all.reduce((best, face) => Math.max(best, face.score), 0);
    const strong = all.filter((face) => face.score >= FACE_SCORE_THRESHOLD).sort((a, b) => b.score - a.score);
    const found = strong.length === 0 ? [] : await new faceapi.DetectAllFaceLandmarksTask(Promise.resolve(strong.map((face) => faceapi.extendWithFaceDetection({}, face))), input, false).run();
    return { detection: { bestScore, faces: found.map(describeFace) }, found };
  } finally {
    input.dispose();
  }
}

/**
 * The 128-number face descriptor of a face found on a picture (aligned on its landmarks).
 *
 * @example
 * const distance = faceapi.euclideanDistance(await faceDescriptor(a, facesA.found[0]), await faceDescriptor(b, facesB.found[0]));
 */
export async function faceDescriptor(picture: GrayImage, face: FaceWithLandmarks): Promise<Float32Array> {
  const faceapi = await loadFaceModels();
  const input = toTensor(faceapi, picture);
  try {
    const [described] = await new faceapi.ComputeAllFaceDescriptorsTask(Promise.resolve([face]), input).run();
    if (described === undefined) throw new Error('The face descriptor could not be computed.');
    return described.descriptor;
  } finally {
    input.dispose();
  }
}

/**
 * Euclidean distance between two face descriptors.
 *
 * @example
 * descriptorDistance(a, b) < SAME_PERSON_DISTANCE; // the same person
 */
export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += (a[index] - b[index]) ** 2;
  return Math.sqrt(sum);
}

/** The grey picture as an RGB tensor (the detector was trained on colour photographs). */
function toTensor(faceapi: FaceApiModule, picture: GrayImage) {
  const { width, height, pixels } = picture;
  const rgb = new Int32Array(width * height * 3);
  for (let index = 0; index < pixels.length; index++) rgb.fill(pixels[index], index * 3, index * 3 + 3);
  return faceapi.tf.tensor3d(rgb, [height, width, 3], 'int32');
}

function describeFace(face: FaceWithLandmarks): DetectedFace {
  const { box, score } = face.detection;
  const centre = (points: { x: number; y: number }[]): [number, number] => [
    round1(points.reduce((sum, point) => sum + point.x, 0) / points.length),
    round1(points.reduce((sum, point) => sum + point.y, 0) / points.length),
  ];
  const landmarks = face.landmarks;
  return {
    score: Math.min(1, score),
    box: { x: round1(box.x), y: round1(box.y), width: round1(box.width), height: round1(box.height) },
    // The picture shows the subject facing the viewer: the subject's left eye is on the picture's right.
    landmarks: { leftEye: centre(landmarks.getRightEye()), rightEye: centre(landmarks.getLeftEye()), nose: centre(landmarks.getNose()), mouth: centre(landmarks.getMouth()) },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
