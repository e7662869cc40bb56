/**
 * The handlers behind the Compare view: volume bytes, the removed-tissue overlay, provenance,
 * review verdicts and PNG snapshots. Every path arrives relative to a dataset and is resolved inside it.
 */
import { stat } from 'node:fs/promises';
import { relativeSegments } from '../datasets/containment.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import { recognizabilitySheetForFiles } from '../recognizability/pictures.js';
import { pairProvenance, recordReview } from '../review/pair-provenance.js';
import { saveFaceDetectionSheet, saveSnapshot } from '../snapshots/save-snapshot.js';
import { parseNifti } from '../nifti/index.js';
import { previewVolumeBytes } from '../volumes/preview-volume.js';
import { readVolumeBytes } from '../volumes/read-volume.js';
import { removedMaskBytes } from '../volumes/removed-mask.js';
import type { ByteReadHandlers, ByteWriteHandlers, Handlers } from './dispatch.js';

export interface CompareHandlers {
  methods: Pick<Handlers, 'reviews.record' | 'images.provenance' | 'recognizability.keepSheet'>;
  byteReads: Omit<ByteReadHandlers, 'checklist.reportHtml'>;
  byteWrites: ByteWriteHandlers;
}

/** Path, inode, size and modification time of each file: another or a rewritten file gives another string. */
async function fileIdentities(files: readonly string[]): Promise<string> {
  const stats = await Promise.all(files.map((file) => stat(file)));
  return JSON.stringify(stats.map(({ ino, size, mtimeMs }, index) => [files[index], ino, size, mtimeMs]));
}

/** '/'-joined and free of `.` and empty segments, so one image always has one key in `.veil/reviews.json`. */
const normalized = (relativePath: string) => relativeSegments(relativePath).join('/');

/**
 * Creates the Compare handlers over the open datasets.
 *
 * @example
 * const compare = createCompareHandlers(registry);
 * await compare.byteReads['volumes.read']({ datasetId, path: 'sub-01/anat/sub-01_T1w.nii.gz' });
 */
export function createCompareHandlers(datasets: DatasetRegistry): CompareHandlers {
  const pairIn = async (datasetId: string, original: string, defaced: string) => {
    const root = await datasets.resolve(datasetId, '');
    return { root, pair: { original: normalized(original), defaced: normalized(defaced) } };
  };
  // The check's renders of a pair, kept for the report beside its snapshots whenever they are made:
  // the evidence the reviewer saw. The last sheet is remembered with the identity of the files it
  // was made from, so that exporting the pictures right after looking at the renders keeps those
  // instead of running the check (seconds) again on the same two files.
  let lastSheet: { files: string; png: Uint8Array } | null = null;
  const keptSheet = async (datasetId: string, original: string, defaced: string) => {
    const [a, b, root] = await Promise.all([datasets.resolve(datasetId, original), datasets.resolve(datasetId, defaced), datasets.resolve(datasetId, '')]);
    const files = await fileIdentities([a, b]);
    const png = lastSheet?.files === files ? lastSheet.png : await recognizabilitySheetForFiles(a, b);
    lastSheet = { files, png };
    return { png, path: await saveFaceDetectionSheet(root, normalized(original), png) };
  };
  return {
    methods: {
      'images.provenance': async ({ datasetId, original, defaced }) => {
        const { root, pair } = await pairIn(datasetId, original, defaced);
        return pairProvenance(root, pair);
      },
      'recognizability.keepSheet': async ({ datasetId, original, defaced }) => ({ path: (await keptSheet(datasetId, original, defaced)).path }),
      'reviews.record': async ({ datasetId, original, defaced, verdict, note }) => {
        const { root, pair } = await pairIn(datasetId, original, defaced);
        return recordReview(root, pair, verdict, note);
      },
    },
    byteReads: {
      'volumes.read': async ({ datasetId, path }) => readVolumeBytes(await datasets.resolve(datasetId, path), path),
      'volumes.preview': async ({ datasetId, path }) => previewVolumeBytes(parseNifti(await readVolumeBytes(await datasets.resolve(datasetId, path), path), path)),
      'recognizability.sheet': async ({ datasetId, original, defaced }) => (await keptSheet(datasetId, original, defaced)).png,
      'volumes.removedMask': async ({ datasetId, original, defaced }) => {
        const [a, b] = await Promise.all([datasets.resolve(datasetId, original), datasets.resolve(datasetId, defaced)]);
        return removedMaskBytes(a, b);
      },
    },
    byteWrites: {
      'snapshots.save': async ({ datasetId, original, view, side }, png) => {
        // The pair's original must exist in the dataset: snapshots are filed under it.
        await datasets.resolve(datasetId, original);
        const root = await datasets.resolve(datasetId, '');
        return { path: await saveSnapshot(root, { original: normalized(original), view, side }, png) };
      },
    },
  };
}
