/**
 * Exports the report's pictures of a pair: the 3D face view and the mid-sagittal slice, before and
 * after, and the recognizability check's renders with the faces the detector found (which the core
 * keeps beside them when it makes them).
 */
import { call, writeBytes } from '../../api/client.js';
import type { Result } from '../../../../src/api/result.js';
import type { ComparePair } from '../../state/store.js';
import type { SnapshotView, ViewerPair } from './viewer-pair.js';

const VIEWS: SnapshotView[] = ['face-3d', 'mid-sagittal'];
const SIDES = ['original', 'defaced'] as const;

/**
 * Draws the four snapshots and stores them under the dataset's `.veil/snapshots/`, then has the core
 * keep the recognizability check's renders there too (seconds, unless it has just made them for the
 * same files); answers the paths.
 *
 * @example
 * const saved = await exportSnapshots(viewers, datasetId, pair);
 * if (saved.ok) console.log(saved.value); // ['.veil/snapshots/…/face-3d-original.png', …, '.veil/snapshots/…/face-detection.png']
 */
export async function exportSnapshots(viewers: ViewerPair, datasetId: string, pair: ComparePair): Promise<Result<string[]>> {
  const saved: string[] = [];
  for (const view of VIEWS) {
    for (const side of SIDES) {
      const png = viewers.snapshot(side, view);
      const answer = await writeBytes('snapshots.save', { datasetId, original: pair.original, view, side }, png);
      if (!answer.ok) return answer;
      saved.push(answer.value.path);
    }
  }
  const sheet = await call('recognizability.keepSheet', { datasetId, ...pair });
  if (!sheet.ok) return sheet;
  return { ok: true, value: [...saved, sheet.value.path] };
}
