/**
 * Loads the pair on screen into the two viewers through the API (bytes, never file URLs), one load at
 * a time: stepping quickly through images never lets an older load finish on top of a newer one.
 */
import { useEffect, useState } from 'react';
import { readBytes } from '../../api/client.js';
import type { ComparePair } from '../../state/store.js';
import type { PairLoadErrors, ViewerPair, VolumeBytes } from './viewer-pair.js';

export type LoadState = { status: 'idle' } | { status: 'loading' } | { status: 'shown'; errors: PairLoadErrors; overlay: string | null };

/** The outcome of the last finished load, and the pair it was for. */
interface Shown {
  pair: ComparePair;
  errors: PairLoadErrors;
  overlay: string | null;
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

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
      const [original, defaced, removed] = await Promise.all([
        readBytes('volumes.read', { datasetId, path: pair.original }),
        readBytes('volumes.read', { datasetId, path: pair.defaced }),
        readBytes('volumes.removedMask', { datasetId, ...pair }),
      ]);
      const asVolume = (path: string, bytes: Uint8Array<ArrayBuffer>): VolumeBytes => ({ name: fileName(path), bytes });
      const shown = await viewers.show({
        original: original.ok ? asVolume(pair.original, original.value) : null,
        defaced: defaced.ok ? asVolume(pair.defaced, defaced.value) : null,
        removed: removed.ok ? { name: 'removed.nii', bytes: removed.value } : null,
      });
      if (!current) return;
      setShown({
        pair,
        errors: { original: original.ok ? shown.original : original.error.message, defaced: defaced.ok ? shown.defaced : defaced.error.message },
        overlay: removed.ok ? null : removed.error.message,
      });
    });
    loadQueue = load.catch((error: unknown) => {
      const message = `The viewer failed: ${error instanceof Error ? error.message : String(error)}`;
      if (current) setShown({ pair, errors: { original: message, defaced: message }, overlay: null });
    });
    return () => {
      current = false;
    };
  }, [viewers, datasetId, pair]);
  if (!viewers || pair === null) return { status: 'idle' };
  if (shown?.pair !== pair) return { status: 'loading' };
  return { status: 'shown', errors: shown.errors, overlay: shown.overlay };
}

/** Loads run one after another, across re-renders. */
let loadQueue: Promise<void> = Promise.resolve();
