/**
 * The recognizability check: render the skin surface of the original and of the defaced image from
 * the front and at ±30° and ±60° yaw, look for faces on every defaced picture as an attacker would
 * (and on the original's until one is found: the control), and, when a face is still found on the
 * defaced image, ask the recognition model whether it is the same person.
 */
import type { Recognizability, RecognizabilityView, ViewDetection } from '../api/deface.js';
import { throwIfAborted, type CancellationSignal } from '../engine/native/cancellation.js';
import type { GrayImage } from '../image/png.js';
import type { ScaledVoxels } from '../volume/volume.js';
import { descriptorDistance, detectFaces, faceDescriptor, FACE_SCORE_THRESHOLD, SAME_PERSON_DISTANCE, type ViewFaces } from './detect-faces.js';
import { extractHeadSurface } from './head-surface.js';
import { RECOGNIZABILITY_VIEWS, RENDER, viewRenderer } from './render-views.js';
import { abortViewBoard, boardCenter, boardPicture, createViewBoard, VIEW_TASKS, type ImageSide, type ViewBoard } from './view-board.js';
import { workOnSide } from './view-side.js';
import { detectOriginalInWorker, type WorkerDetection } from './views-in-worker.js';

const MODEL_NAME = '@vladmandic/face-api 1.7.15: ssd_mobilenetv1, face_landmark_68, face_recognition (tfjs-backend-wasm)';

/** The check's result and the pictures it looked at (for QC pictures and the report). */
export interface RecognizabilityRun {
  result: Recognizability;
  /** Per view (in RECOGNIZABILITY_VIEWS order): the original's and the defaced image's render. */
  pictures: { original: GrayImage; defaced: GrayImage }[];
}

/** A check started on the original alone, waiting for its defaced image. */
export interface RecognizabilityCheckInProgress {
  /**
   * Finishes the check with the defaced image (on the calling thread, sharing the detections with
   * the original's worker) and returns its result; `timeMs` counts from this call.
   */
  finish(defaced: ScaledVoxels): Promise<Recognizability>;
  /** Stops the check without a result (the deface failed or was cancelled) and waits for its worker. */
  abandon(): Promise<void>;
}

/**
 * Starts the check on the original before its defaced image exists: the original's surface, renders
 * and detections (its front, and its other views while none shows a face) run on a worker thread
 * meanwhile, on the core a deface leaves idle (the deface is single-threaded). `abandon` stops it
 * before `finish`; once finishing, cancelling `signal` stops both threads after their current
 * detection (at most about 0.25 s).
 *
 * @example
 * const check = startRecognizabilityCheck(scaledVoxels(input));
 * const defaced = defaceSomehow(input); // the worker is busy with the original meanwhile
 * const result = await check.finish(scaledVoxels(defaced));
 */
export function startRecognizabilityCheck(original: ScaledVoxels, signal?: CancellationSignal): RecognizabilityCheckInProgress {
  const started = startCheck(original);
  return {
    finish: async (defaced) => (await finishCheck(original, defaced, started, signal)).result,
    abandon: async () => {
      abortViewBoard(started.board);
      await started.fromWorker.catch(() => undefined);
    },
  };
}

/**
 * Runs the check on an original and its defaced copy, as stored (scaledVoxels; a Float32 volume
 * through volumeVoxels), on the same grid or not: each is rendered from its own affine, both around
 * the original's head so the pictures line up. The original's surface and renders are made on a
 * worker thread while this thread makes the defaced image's; the detections are shared between the
 * two threads (view-board.ts). Cancelling `signal` stops both threads after their current detection
 * (at most about 0.25 s) and throws an AbortError.
 *
 * @example
 * const result = await checkRecognizability(scaledVoxels(await readNifti(input)), scaledVoxels(await readNifti(output)));
 * if (result.faceFoundDefaced) console.log(`a face is still found (score ${result.maxScoreDefaced})`);
 */
export async function checkRecognizability(original: ScaledVoxels, defaced: ScaledVoxels, signal?: CancellationSignal): Promise<Recognizability> {
  return (await finishCheck(original, defaced, startCheck(original), signal)).result;
}

/**
 * The check with every view's pictures, for QC pictures and the report: the original's views the
 * check did not need are rendered too (its surface made again on this thread, then 40–60 ms a view).
 *
 * @example
 * const { result, pictures } = await checkRecognizabilityWithPictures(original, defaced);
 * pictures[0].defaced; // the defaced image's front render
 */
export async function checkRecognizabilityWithPictures(original: ScaledVoxels, defaced: ScaledVoxels): Promise<RecognizabilityRun> {
  const { result, picture } = await finishCheck(original, defaced, startCheck(original));
  return { result, pictures: RECOGNIZABILITY_VIEWS.map((_, view) => ({ original: picture('original', view), defaced: picture('defaced', view) })) };
}

/** A check's board and its worker, busy with the original. */
interface StartedCheck {
  board: ViewBoard;
  fromWorker: Promise<WorkerDetection[]>;
}

function startCheck(original: ScaledVoxels): StartedCheck {
  const board = createViewBoard();
  const fromWorker = detectOriginalInWorker(original, board.buffer);
  // A worker that fails publishes nothing: wake this thread if it waits for the worker's centre or pictures.
  fromWorker.catch(() => abortViewBoard(board));
  return { board, fromWorker };
}

/** The defaced side on this thread, then the result, and each view's picture (the original's rendered here when the check did not need it). */
async function finishCheck(
  original: ScaledVoxels,
  defaced: ScaledVoxels,
  { board, fromWorker }: StartedCheck,
  signal?: CancellationSignal,
): Promise<{ result: Recognizability; picture: (side: ImageSide, view: number) => GrayImage }> {
  const started = performance.now();
  let mine: Map<number, ViewFaces>;
  try {
    mine = await workOnSide(defaced, board, 'defaced', signal);
  } catch (error) {
    await fromWorker.catch(() => undefined);
    throw error;
  }
  const theirs = await fromWorker;
  throwIfAborted(signal);
  const center = await boardCenter(board);
  if (center === null) throw new Error('The recognizability check was stopped before the views were centred.');

  // Per side, per view: what either thread detected.
  const detections: Record<ImageSide, (ViewDetection | undefined)[]> = { original: [], defaced: [] };
  for (const [task, faces] of mine) detections[VIEW_TASKS[task].side][VIEW_TASKS[task].view] = faces.detection;
  for (const { task, detection } of theirs) detections[VIEW_TASKS[task].side][VIEW_TASKS[task].view] = detection;
  let renderOriginal: ((view: number) => GrayImage) | undefined;
  const picture = (side: ImageSide, view: number) => {
    const made = boardPicture(board, { side, view });
    if (made !== null) return made;
    if (side === 'defaced') throw new Error(`The defaced image's ${RECOGNIZABILITY_VIEWS[view].name} view was not rendered.`);
    renderOriginal ??= viewRenderer(extractHeadSurface(original), center);
    return renderOriginal(view);
  };

  const views: RecognizabilityView[] = [];
  for (const [view, { name, yawDegrees }] of RECOGNIZABILITY_VIEWS.entries()) {
    const defacedDetection = detections.defaced[view];
    if (defacedDetection === undefined) throw new Error(`The face detector did not look at the defaced image's ${name} view.`);
    let originalDetection = detections.original[view] ?? null;
    let identityDistance: number | null = null;
    if (defacedDetection.faces.length > 0) {
      throwIfAborted(signal);
      // A face on the defaced image: is it the original's person? Rare (a failed deface), so the
      // faces are found again on this thread, where their landmarks can be described.
      const identity = await compareIdentity({ original: picture('original', view), defaced: picture('defaced', view) });
      originalDetection = identity.original;
      identityDistance = identity.distance;
    }
    views.push({ name, yawDegrees, original: originalDetection, defaced: defacedDetection, identityDistance });
  }

  const result: Recognizability = {
    model: { name: MODEL_NAME, scoreThreshold: FACE_SCORE_THRESHOLD, identityThreshold: SAME_PERSON_DISTANCE },
    render: RENDER,
    views,
    faceFoundOriginal: views.some((view) => (view.original?.faces.length ?? 0) > 0),
    faceFoundDefaced: views.some((view) => view.defaced.faces.length > 0),
    maxScoreDefaced: Math.max(0, ...views.map((view) => view.defaced.bestScore)),
    sameIdentity: views.some((view) => view.identityDistance !== null && view.identityDistance < SAME_PERSON_DISTANCE),
    timeMs: performance.now() - started,
  };
  return { result, picture };
}

/**
 * The original's detection on a view and the descriptor distance between the best faces of its two
 * pictures (null unless both have one).
 */
async function compareIdentity(pictures: { original: GrayImage; defaced: GrayImage }): Promise<{ original: ViewDetection; distance: number | null }> {
  const [originalFaces, defacedFaces] = [await detectFaces(pictures.original), await detectFaces(pictures.defaced)];
  const [originalFace] = originalFaces.found;
  const [defacedFace] = defacedFaces.found;
  if (originalFace === undefined || defacedFace === undefined) return { original: originalFaces.detection, distance: null };
  const distance = descriptorDistance(await faceDescriptor(pictures.original, originalFace), await faceDescriptor(pictures.defaced, defacedFace));
  return { original: originalFaces.detection, distance: Math.round(distance * 1000) / 1000 };
}
