/**
 * Loads the pair on screen into the two viewers through the API (bytes, never file URLs), one load at
 * a time: stepping quickly through images never lets an older load finish on top of a newer one.
 *
 * The first frame shows ~2 mm previews of both images (`volumes.preview`); the files themselves, with
 * the removed-tissue overlay, replace them once that frame is on screen. In software WebGL the cost
 * is per voxel: for the 1 mm MNI152 pair on the loaded 2-core build machine, the previews reached the
 * screen ~1 s after the click and the files 2.3–5.6 s after it (test/bench/compare-bench.ts prints
 * both). The core reads the files and computes the mask while the page draws the previews.
 */
import { useEffect, useState } from 'react';
import { readBytes } from '../../api/client.js';
import type { ComparePair } from '../../state/store.js';
import type { PairLoadErrors, ViewerPair, VolumeBytes } from './viewer-pair.js';

/** Where the removed-tissue overlay stands: on its way, shown, or why there is none. */
export type OverlayState = { status: 'loading' } | { status: 'shown' } | { status: 'failed'; message: string };

/** What the viewers show: the previews, or the files themselves. */
export type Detail = 'preview' | 'full';

export type LoadState = { status: 'idle' } | { status: 'loading' } | { status: 'shown'; detail: Detail; errors: PairLoadErrors; overlay: OverlayState };

/** The outcome of the last finished step, and the pair it was for. */
interface Shown {
  pair: ComparePair;
  detail: Detail;
  errors: PairLoadErrors;
  overlay: OverlayState;
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
/** A preview is an uncompressed `.nii` whatever the file is: niivue picks its decoder by the name. */
const previewName = (path: string) => fileName(path).replace(/\.gz$/i, '');

/** Resolves after the browser has painted the next frame (a requestAnimationFrame callback runs just before it). */
const afterNextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * The load state of `pair` in `viewers`.
 *
 * @example
 * const load = useLoadedPair(viewers, datasetId, pair);
 * if (load.status === 'shown' && load.errors.original) showError(load.errors.original);
 */
export function useLoadedPair(viewers: ViewerPair | null, datasetId: string | null, pair: ComparePair | null): LoadState {
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (!viewers || datasetId === null || pair === null) return;
    let current = true;
    const load = loadQueue.then(async () => {
      if (!current) return;
      const read = (method: 'volumes.preview' | 'volumes.read', path: string) => readBytes(method, { datasetId, path });
      const [previewOriginal, previewDefaced] = await Promise.all([read('volumes.preview', pair.original), read('volumes.preview', pair.defaced)]);
      // Asked for once the previews are in, so they do not compete with them in the core (the mask alone
      // is ~0.3 s of its CPU); the core works on them while the page draws the previews.
      const files = Promise.all([read('volumes.read', pair.original), read('volumes.read', pair.defaced)]);
      const removed = readBytes('volumes.removedMask', { datasetId, ...pair });
      const previewErrors = await viewers.show({ original: bytesOf(previewName(pair.original), previewOriginal), defaced: bytesOf(previewName(pair.defaced), previewDefaced) });
      if (!current) return;
      setShown({ pair, detail: 'preview', errors: withReadErrors(previewErrors, previewOriginal, previewDefaced), overlay: { status: 'loading' } });
      // The previews reach the screen before the files' GPU work blocks the page.
      await afterNextPaint();
      if (!current) return;
      const [original, defaced] = await files;
      const mask = await removed;
      const refined = await viewers.refine(
        { original: bytesOf(fileName(pair.original), original), defaced: bytesOf(fileName(pair.defaced), defaced) },
        mask.ok ? { name: 'removed.nii', bytes: mask.value } : null,
      );
      const overlay: OverlayState = mask.ok ? (refined.overlay ?? { status: 'shown' }) : { status: 'failed', message: mask.error.message };
      if (current) setShown({ pair, detail: 'full', errors: withReadErrors(refined.errors, original, defaced), overlay });
    });
    loadQueue = load.catch((error: unknown) => {
      const message = `The viewer failed: ${error instanceof Error ? error.message : String(error)}`;
      if (current) setShown({ pair, detail: 'full', errors: { original: message, defaced: message }, overlay: { status: 'failed', message } });
    });
    return () => {
      current = false;
    };
  }, [viewers, datasetId, pair]);
  if (!viewers || pair === null) return { status: 'idle' };
  if (shown?.pair !== pair) return { status: 'loading' };
  return { status: 'shown', detail: shown.detail, errors: shown.errors, overlay: shown.overlay };
}

type ReadAnswer = Awaited<ReturnType<typeof readBytes<'volumes.read'>>>;

function bytesOf(name: string, answer: ReadAnswer): VolumeBytes | null {
  return answer.ok ? { name, bytes: answer.value } : null;
}

/** A side whose bytes could not be read shows the read's error, not the viewer's. */
function withReadErrors(errors: PairLoadErrors, original: ReadAnswer, defaced: ReadAnswer): PairLoadErrors {
  return { original: original.ok ? errors.original : original.error.message, defaced: defaced.ok ? errors.defaced : defaced.error.message };
}

/** Loads run one after another, across re-renders. */
let loadQueue: Promise<void> = Promise.resolve();
