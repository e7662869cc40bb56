/**
 * The check's work shared by two threads through shared memory: each thread makes its own image's
 * head surface and renders and puts the renders on the board, and both claim detections from one
 * list, each the first one that is ready (its picture is there and it is still needed), so neither
 * idles while the other has work it could share. A detection is 220–240 ms of CPU and most of the
 * check (the detector is single-threaded: tfjs's threaded wasm build does not start in Node), so
 * sharing the detections balances the check.
 *
 * The original is the check's control: one face found on it proves the detector can see this head.
 * Its front view is detected first; its other four views are rendered only when the front shows no
 * face, and detected (±30° first) until one of them shows a face. The defaced image's five views are
 * always all detected. Measured (`npm run bench`, five runs): a check with a face on the original's
 * front went from 1.5–2.0 s to a median of 1.14 s (1.02–1.66); one without stays at ten detections
 * when no view of the original shows a face (median 1.60 s, 1.39–2.38).
 *
 * Claiming what is ready, not the next in line, also lets the original's side start alone: during a
 * deface, the original's detections run on the core the deface leaves idle, and the defaced image's
 * thread joins when its image exists (check-recognizability.ts). What the check adds to a deface:
 * median 0.98 s with a face on the original's front, 1.36 s without (at most 1.82 s in 75 checks).
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
 * In the order they are preferred: the original's front (it decides whether the original's other
 * views are needed), the original's other views (one face there ends them), then the defaced views.
 */
export const VIEW_TASKS: readonly ViewTask[] = [
  { side: 'original', view: FRONT },
  ...ALL_VIEWS.filter((view) => view !== FRONT).map((view) => ({ side: 'original' as const, view })),
  ...ALL_VIEWS.map((view) => ({ side: 'defaced' as const, view })),
];

/** Width and height of every render, in pixels. */
const PICTURE_SIDE = RENDER.sizeMm / RENDER.pixelMm;
const PICTURE_BYTES = PICTURE_SIDE * PICTURE_SIDE;

// The header's Int32 slots, then the views' centre (3 Float64), then the pictures.
/** Bumped (and notified) on every change a waiting thread may be waiting for. */
const VERSION = 0;
/** 1 once the original's front has been detected. */
const FRONT_DONE = 1;
const ABORTED = 2;
const CENTER_READY = 3;
/** 1 once any view of the original has shown a face: its views not yet claimed are not needed. */
const ORIGINAL_FACE = 4;
const FIRST_PICTURE_READY = 5;
/** Per task (VIEW_TASKS order): OPEN, CLAIMED or SKIPPED. */
const FIRST_TASK_STATE = FIRST_PICTURE_READY + 2 * VIEW_COUNT;
const HEADER_SLOTS = FIRST_TASK_STATE + VIEW_TASKS.length;
/** The header padded to a multiple of 8 bytes, where the Float64 centre starts. */
const HEADER_BYTES = Math.ceil((HEADER_SLOTS * 4) / 8) * 8;
const CENTER_BYTES = 3 * 8;
// Task states.
const OPEN = 0;
const CLAIMED = 1;
const SKIPPED = 2;
/** What a thread's look at the list found: a task it claimed, nothing left, or nothing ready yet. */
const ALL_CLAIMED = -1;
const NOTHING_READY = -2;

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
 * never made (the original's other views after a face on its front, or a side that never joined).
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
 * first ready detection until every one is claimed or no longer needed (or the board or
 * `share.signal` is aborted); returns what it detected, by index into VIEW_TASKS. A failure aborts
 * the board before it is thrown.
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
      // Read before looking, so that a change made while looking ends the wait at once.
      const version = Atomics.load(header, VERSION);
      const index = claimReadyTask(board);
      if (index === ALL_CLAIMED) break;
      if (index === NOTHING_READY) {
        await waitFor(board, VERSION, (now) => now !== version);
        continue;
      }
      const task = VIEW_TASKS[index];
      const faces = await share.detect(boardPicture(board, task) as GrayImage);
      done.set(index, faces);
      if (task.side === 'original' && faces.found.length > 0) Atomics.store(header, ORIGINAL_FACE, 1);
      if (index === 0) Atomics.store(header, FRONT_DONE, 1);
      announceChange(board);
    }
  } catch (error) {
    abortViewBoard(board);
    throw error;
  }
  return done;
}

/**
 * Claims the first open task whose picture is on the board and which is still needed (marking the
 * original's views that are no longer needed as skipped); ALL_CLAIMED when no task is open.
 */
function claimReadyTask(board: ViewBoard): number {
  const { header } = board;
  let open = false;
  for (const [index, task] of VIEW_TASKS.entries()) {
    const slot = FIRST_TASK_STATE + index;
    if (Atomics.load(header, slot) !== OPEN) continue;
    if (task.side === 'original' && task.view !== FRONT) {
      if (Atomics.load(header, ORIGINAL_FACE) === 1) {
        // Not a plain store: the other thread may have claimed it a moment ago (it then stays claimed).
        Atomics.compareExchange(header, slot, OPEN, SKIPPED);
        continue;
      }
      if (Atomics.load(header, FRONT_DONE) === 0) {
        open = true;
        continue;
      }
    }
    open = true;
    if (Atomics.load(header, FIRST_PICTURE_READY + pictureSlot(task)) !== 1) continue;
    if (Atomics.compareExchange(header, slot, OPEN, CLAIMED) === OPEN) return index;
  }
  return open ? NOTHING_READY : ALL_CLAIMED;
}

/** Puts on the board the pictures of this thread's side that are needed now and not there yet. */
function publishNeededPictures(board: ViewBoard, share: BoardShare): void {
  const { header } = board;
  // The original's other views only once its front is known not to show a face.
  const allNeeded = share.side === 'defaced' || (Atomics.load(header, FRONT_DONE) === 1 && Atomics.load(header, ORIGINAL_FACE) === 0);
  for (const view of allNeeded ? ALL_VIEWS : [FRONT]) {
    const slot = pictureSlot({ side: share.side, view });
    if (Atomics.load(header, FIRST_PICTURE_READY + slot) === 1) continue;
    const picture = share.render(view);
    if (picture.width !== PICTURE_SIDE || picture.height !== PICTURE_SIDE) {
      throw new Error(`A render is ${picture.width} × ${picture.height} pixels; the check's are ${PICTURE_SIDE} × ${PICTURE_SIDE}.`);
    }
    board.pixels.set(picture.pixels, slot * PICTURE_BYTES);
    Atomics.store(header, FIRST_PICTURE_READY + slot, 1);
    announceChange(board);
  }
}

/** Wakes every thread waiting for a change on the board. */
function announceChange(board: ViewBoard): void {
  Atomics.add(board.header, VERSION, 1);
  Atomics.notify(board.header, VERSION);
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
