/**
 * The recognizability check's shared board (view-board.ts), with two "threads" as two loops on this
 * one and a stand-in detector: every needed detection is done exactly once on the right picture, the
 * original's other views only until one of its views shows a face, and a failure or a cancellation ends
 * both loops instead of leaving one waiting.
 */
import { describe, expect, it } from 'vitest';
import type { ViewFaces } from '../../src/recognizability/detect-faces.js';
import type { GrayImage } from '../../src/image/png.js';
import { RENDER } from '../../src/recognizability/render-views.js';
import { abortViewBoard, createViewBoard, VIEW_TASKS, workOnViewBoard, type ImageSide } from '../../src/recognizability/view-board.js';

const SIDE = RENDER.sizeMm / RENDER.pixelMm;

/** A picture whose pixels say which side and view it is. */
function labelledPicture(side: ImageSide, view: number): GrayImage {
  return { width: SIDE, height: SIDE, pixels: new Uint8Array(SIDE * SIDE).fill((side === 'original' ? 10 : 20) + view) };
}

function label(picture: GrayImage): string {
  const value = picture.pixels[0];
  return `${value >= 20 ? 'defaced' : 'original'}:${value % 10}`;
}

/** A stand-in detector: a "face" on the pictures listed, after a turn of the event loop (as the real one). */
function detector(faces: string[], seen: string[], failOn?: string) {
  return async (picture: GrayImage): Promise<ViewFaces> => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const name = label(picture);
    if (name === failOn) throw new Error(`detector failed on ${name}`);
    seen.push(name);
    const found = faces.includes(name);
    return { detection: { bestScore: found ? 0.9 : 0.1, faces: [] }, found: found ? ([{}] as ViewFaces['found']) : [] };
  };
}

function share(side: ImageSide, detect: ReturnType<typeof detector>, rendered: string[], signal?: { aborted: boolean }) {
  return {
    side,
    render: (view: number) => {
      rendered.push(`${side}:${view}`);
      return labelledPicture(side, view);
    },
    detect,
    signal,
  };
}

/** Both sides' loops on one board, as the check's two threads; what each detected. */
function workBoth(detect: ReturnType<typeof detector>, rendered: string[]) {
  const board = createViewBoard();
  return Promise.all([workOnViewBoard(board, share('original', detect, rendered)), workOnViewBoard(board, share('defaced', detect, rendered))]);
}

const taskName = (index: number) => `${VIEW_TASKS[index].side}:${VIEW_TASKS[index].view}`;

describe('the recognizability check’s shared board', () => {
  it('does the original’s front and every defaced view once each when the front shows a face, and renders no other original view', async () => {
    const seen: string[] = [];
    const rendered: string[] = [];
    const [host, worker] = await workBoth(detector(['original:0'], seen), rendered);
    const done = [...host.keys(), ...worker.keys()].map(taskName).sort();
    expect(done).toEqual(['defaced:0', 'defaced:1', 'defaced:2', 'defaced:3', 'defaced:4', 'original:0']);
    // Each task's detection ran on that task's own picture.
    expect([...seen].sort()).toEqual(done);
    expect(rendered.filter((name) => name.startsWith('original'))).toEqual(['original:0']);
    // Both loops took part.
    expect(host.size).toBeGreaterThan(0);
    expect(worker.size).toBeGreaterThan(0);
  });

  it('does all ten detections once each when no view of the original shows a face', async () => {
    const seen: string[] = [];
    const rendered: string[] = [];
    const [host, worker] = await workBoth(detector([], seen), rendered);
    expect([...host.keys(), ...worker.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(seen).size).toBe(10);
    expect(seen).toHaveLength(10);
    expect(rendered.sort()).toEqual([...Array(5).keys()].flatMap((view) => [`defaced:${view}`, `original:${view}`]).sort());
  });

  it('stops looking at the original once one of its other views shows a face', async () => {
    const seen: string[] = [];
    const [host, worker] = await workBoth(detector(['original:1'], seen), []);
    // The front, the five defaced views and left-30 (the face); right-30 may have been claimed at
    // the same time by the other loop, but the ±60° views come after the face was found.
    expect(seen).toEqual(expect.arrayContaining(['original:0', 'original:1', 'defaced:0', 'defaced:1', 'defaced:2', 'defaced:3', 'defaced:4']));
    expect(seen).not.toContain('original:3');
    expect(seen).not.toContain('original:4');
    expect(host.size + worker.size).toBe(seen.length);
  });

  it('ends both loops when one fails, with that failure', async () => {
    const board = createViewBoard();
    const seen: string[] = [];
    const failing = detector([], seen, 'defaced:1');
    const results = await Promise.allSettled([workOnViewBoard(board, share('original', failing, [])), workOnViewBoard(board, share('defaced', failing, []))]);
    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(String((failures[0] as PromiseRejectedResult).reason)).toMatch(/detector failed on defaced:1/);
    expect(seen.length).toBeLessThan(10);
  });

  it('ends both loops at their next claim once cancelled', async () => {
    const board = createViewBoard();
    const seen: string[] = [];
    const signal = { aborted: false };
    const detect = detector([], seen);
    const cancelling = async (picture: GrayImage) => {
      signal.aborted = true;
      return detect(picture);
    };
    await Promise.all([workOnViewBoard(board, share('original', cancelling, [], signal)), workOnViewBoard(board, share('defaced', detect, []))]);
    // The detections already started finish; none starts after the cancel.
    expect(seen.length).toBeLessThanOrEqual(2);
  });

  it('ends a loop that waits for the other thread’s pictures when the board is aborted (the other thread failed)', async () => {
    const board = createViewBoard();
    const seen: string[] = [];
    // Only the original's thread: after its front it waits for defaced pictures that never come.
    const alone = workOnViewBoard(board, share('original', detector(['original:0'], seen), []));
    setTimeout(() => abortViewBoard(board), 50);
    const done = await alone;
    expect([...done.keys()]).toEqual([0]);
    expect(seen).toEqual(['original:0']);
  });
});
