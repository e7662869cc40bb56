/**
 * The check's work shared by two threads (the caller's and a worker's) through shared memory: each
 * thread makes its own image's head surface and renders and puts the renders on the board, and both
 * claim the next detection from one counter, so neither idles while the other still has work. A
 * detection is 220–240 ms of CPU and most of the check (the detector is single-threaded: tfjs's
 * threaded wasm build does not start in Node), so sharing the detections balances the check.
 *
 * The original is the check's control: one face found on it proves the detector can see this head.
 * Its front view is detected first; its other four views are rendered and detected only when the
 * front shows no face. The defaced image's five views are always all detected. Measured (`npm run
 * bench`, idle, five runs): a check with a face on the original's front went from 1.5–2.0 s to a
 * median of 1.18 s (1.04–1.95); one without stays at ten detections (median 1.76 s, 1.42–2.15).
 */
import type { GrayImage } from '../image/png.js';
import type { CancellationSignal } from '../engine/native/cancellation.js';
import type { ViewFaces } from './detect-faces.js';
import { RECOGNIZABILITY_VIEWS, RENDER } from './render-views.js';

export type ImageSide = 'original' | 'defaced';

/** One detection: a side's picture of one view (an index into RECOGNIZABILITY_VIEWS). */
export interface ViewTask {
  side: ImageSide;
  view: number;
}

const VIEW_COUNT = RECOGNIZABILITY_VIEWS.length;
const FRONT = 0;
const ALL_VIEWS = RECOGNIZABILITY_VIEWS.map((_, view) => view);

/**
 * In the order they are claimed: the original's front, the defaced views, then the original's other
 * views (done only when its front shows no face).
 */
export const VIEW_TASKS: readonly ViewTask[] = [
  { side: 'original', view: FRONT },
  ...ALL_VIEWS.map((view) => ({ side: 'defaced' as const, view })),
  ...ALL_VIEWS.filter((view) => view !== FRONT).map((view) => ({ side: 'original' as const, view })),
];
/** VIEW_TASKS from here on are the original's other views. */
const FIRST_CONDITIONAL_TASK = 1 + VIEW_COUNT;

/** Width and height of every render, in pixels. */
const PICTURE_SIDE = RENDER.sizeMm / RENDER.pixelMm;
const PICTURE_BYTES = PICTURE_SIDE * PICTURE_SIDE;

// The header's Int32 slots, then the views' centre (3 Float64), then the pictures.
const NEXT_TASK = 0;
const FRONT_STATE = 1;
const ABORTED = 2;
const CENTER_READY = 3;
const FIRST_PICTURE_READY = 4;
const HEADER_SLOTS = FIRST_PICTURE_READY + 2 * VIEW_COUNT;
/** The header padded to a multiple of 8 bytes, where the Float64 centre starts. */
const HEADER_BYTES = Math.ceil((HEADER_SLOTS * 4) / 8) * 8;
const CENTER_BYTES = 3 * 8;
// FRONT_STATE values: the original's front not yet detected, detected without a face, with one.
const PENDING = 0;
const NO_FACE = 1;
const FACE = 2;

/** The shared state of one check, as both threads see it. */
export interface ViewBoard {
  /** The shared memory itself: what a worker is sent. */
  buffer: SharedArrayBuffer;
  header: Int32Array;
  center: Float64Array;
  pixels: Uint8Array;
}

/** One thread's part: the side whose pictures it makes, and its detector. */
export interface BoardShare {
  side: ImageSide;
  /** Renders one of this side's views (an index into RECOGNIZABILITY_VIEWS). */
  render(view: number): GrayImage;
  detect(picture: GrayImage): Promise<ViewFaces>;
  /** Cancels the whole check (both threads) at the next claim. */
  signal?: CancellationSignal;
}

/**
 * A new board for one check.
 *
 * @example
 * const board = createViewBoard();
 * worker.postMessage({ board: board.buffer }); // the worker: openViewBoard(job.board)
 */
export function createViewBoard(): ViewBoard {
  return openViewBoard(new SharedArrayBuffer(HEADER_BYTES + CENTER_BYTES + 2 * VIEW_COUNT * PICTURE_BYTES));
}

/**
 * The board made by createViewBoard, from its buffer (on the worker's side).
 *
 * @example
 * const board = openViewBoard(job.board);
 */
export function openViewBoard(buffer: SharedArrayBuffer): ViewBoard {
  return {
    buffer,
    header: new Int32Array(buffer, 0, HEADER_SLOTS),
    center: new Float64Array(buffer, HEADER_BYTES, 3),
    pixels: new Uint8Array(buffer, HEADER_BYTES + CENTER_BYTES),
  };
}

/**
 * Gives both threads the world point the views turn around (the original's faceViewCenter).
 *
 * @example
 * publishCenter(board, faceViewCenter(originalHead));
 */
export function publishCenter(board: ViewBoard, center: readonly [number, number, number]): void {
  board.center.set(center);
  Atomics.store(board.header, CENTER_READY, 1);
  Atomics.notify(board.header, CENTER_READY);
}

/**
 * The views' centre once published (null if the board was aborted first).
 *
 * @example
 * const center = await boardCenter(board);
 */
export async function boardCenter(board: ViewBoard): Promise<[number, number, number] | null> {
  await waitFor(board, CENTER_READY, (ready) => ready === 1);
  return isAborted(board) ? null : [board.center[0], board.center[1], board.center[2]];
}

/**
 * A copy of a published picture (not shared memory: it outlives the board), or null if it was
 * never made (the original's other views after a face on its front).
 *
 * @example
 * const front = boardPicture(board, { side: 'defaced', view: 0 });
 */
export function boardPicture(board: ViewBoard, task: ViewTask): GrayImage | null {
  const slot = pictureSlot(task);
  if (Atomics.load(board.header, FIRST_PICTURE_READY + slot) !== 1) return null;
  const start = slot * PICTURE_BYTES;
  return { width: PICTURE_SIDE, height: PICTURE_SIDE, pixels: board.pixels.slice(start, start + PICTURE_BYTES) };
}

/**
 * Stops both threads at their next claim and wakes any that waits. Called on cancellation and when
 * either thread fails, so the other never waits for a picture or a result that will not come.
 *
 * @example
 * workerDone.catch(() => abortViewBoard(board));
 */
export function abortViewBoard(board: ViewBoard): void {
  Atomics.store(board.header, ABORTED, 1);
  for (let slot = 0; slot < HEADER_SLOTS; slot++) Atomics.notify(board.header, slot);
}

/**
 * This thread's part of the check: makes its side's pictures as they become needed and claims the
 * next detection until none is left (or the board or `share.signal` is aborted); returns what it
 * detected, by index into VIEW_TASKS. A failure aborts the board before it is thrown.
 *
 * @example
 * const mine = await workOnViewBoard(board, { side: 'original', render: (view) => pictures[view], detect: detectFaces });
 */
export async function workOnViewBoard(board: ViewBoard, share: BoardShare): Promise<Map<number, ViewFaces>> {
  const { header } = board;
  const done = new Map<number, ViewFaces>();
  try {
    for (;;) {
      if (share.signal?.aborted) abortViewBoard(board);
      if (isAborted(board)) break;
      publishNeededPictures(board, share);
      const index = Atomics.add(header, NEXT_TASK, 1);
      if (index >= VIEW_TASKS.length) break;
      const task = VIEW_TASKS[index];
      if (index >= FIRST_CONDITIONAL_TASK) {
        await waitFor(board, FRONT_STATE, (state) => state !== PENDING);
        if (Atomics.load(header, FRONT_STATE) === FACE) continue;
        publishNeededPictures(board, share);
      }
      await waitFor(board, FIRST_PICTURE_READY + pictureSlot(task), (ready) => ready === 1);
      if (isAborted(board)) break;
      const faces = await share.detect(boardPicture(board, task) as GrayImage);
      done.set(index, faces);
      if (index === 0) {
        Atomics.store(header, FRONT_STATE, faces.found.length > 0 ? FACE : NO_FACE);
        Atomics.notify(header, FRONT_STATE);
      }
    }
    // The other thread may have claimed one of this side's views that the front's result has yet
    // to ask for: stay until it is known, and make those pictures if it does.
    await waitFor(board, FRONT_STATE, (state) => state !== PENDING);
    if (!isAborted(board)) publishNeededPictures(board, share);
  } catch (error) {
    abortViewBoard(board);
    throw error;
  }
  return done;
}

/** Puts on the board the pictures of this thread's side that are needed now and not there yet. */
function publishNeededPictures(board: ViewBoard, share: BoardShare): void {
  const needed = share.side === 'defaced' || Atomics.load(board.header, FRONT_STATE) === NO_FACE ? ALL_VIEWS : [FRONT];
  for (const view of needed) {
    const slot = pictureSlot({ side: share.side, view });
    if (Atomics.load(board.header, FIRST_PICTURE_READY + slot) === 1) continue;
    const picture = share.render(view);
    if (picture.width !== PICTURE_SIDE || picture.height !== PICTURE_SIDE) {
      throw new Error(`A render is ${picture.width} × ${picture.height} pixels; the check's are ${PICTURE_SIDE} × ${PICTURE_SIDE}.`);
    }
    board.pixels.set(picture.pixels, slot * PICTURE_BYTES);
    Atomics.store(board.header, FIRST_PICTURE_READY + slot, 1);
    Atomics.notify(board.header, FIRST_PICTURE_READY + slot);
  }
}

function isAborted(board: ViewBoard): boolean {
  return Atomics.load(board.header, ABORTED) === 1;
}

function pictureSlot(task: ViewTask): number {
  return (task.side === 'original' ? 0 : VIEW_COUNT) + task.view;
}

/** Resolves once a header slot holds an accepted value, or the board is aborted. */
async function waitFor(board: ViewBoard, slot: number, accept: (value: number) => boolean): Promise<void> {
  for (;;) {
    const value = Atomics.load(board.header, slot);
    if (accept(value) || isAborted(board)) return;
    const waiting = Atomics.waitAsync(board.header, slot, value);
    if (waiting.async) await waiting.value;
  }
}
