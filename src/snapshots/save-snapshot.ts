/**
 * PNG snapshots from the Compare view, kept for the anonymization report under
 * `<dataset>/.veil/snapshots/<original path with / as __>/<view>-<side>.png`, with the
 * recognizability check's renders of the pair beside them (`face-detection.png`). The renderer's
 * bytes are checked to be a PNG of sane size before anything is written.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_SNAPSHOT_BYTES, type SnapshotView } from '../api/contract.js';
import { VeilError } from '../api/result.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The recognizability renders' file name in a pair's snapshot folder. */
const FACE_DETECTION_SHEET = 'face-detection.png';

export interface SnapshotTarget {
  /** The original image of the pair, relative to the dataset root. */
  original: string;
  view: SnapshotView;
  side: 'original' | 'defaced';
}

/**
 * Where a snapshot is stored, relative to the dataset root.
 *
 * @example
 * snapshotPathFor({ original: 'sub-01/anat/sub-01_T1w.nii.gz', view: 'face-3d', side: 'defaced' });
 * // '.veil/snapshots/sub-01__anat__sub-01_T1w.nii.gz/face-3d-defaced.png'
 */
export function snapshotPathFor(target: SnapshotTarget): string {
  return `${snapshotFolderFor(target.original)}/${target.view}-${target.side}.png`;
}

/** The folder of a pair's snapshots, relative to the dataset root (`.veil/snapshots/sub-01__anat__sub-01_T1w.nii.gz`). */
function snapshotFolderFor(original: string): string {
  return ['.veil', 'snapshots', original.split('/').filter(Boolean).join('__')].join('/');
}

/**
 * The image (dataset-relative) whose snapshots a file under `.veil/snapshots/` is, or null.
 *
 * @example
 * imageOfSnapshot('.veil/snapshots/sub-01__anat__sub-01_T1w.nii.gz/face-detection.png'); // 'sub-01/anat/sub-01_T1w.nii.gz'
 */
export function imageOfSnapshot(file: string): string | null {
  const [veil, snapshots, folder, name] = file.split('/');
  return veil === '.veil' && snapshots === 'snapshots' && folder && name ? folder.split('__').join('/') : null;
}

/**
 * Keeps the recognizability check's renders of a pair (made by Veil itself) beside its snapshots;
 * answers the relative path.
 *
 * @param realRoot the dataset root, symlinks resolved
 * @example
 * await saveFaceDetectionSheet('/data/study', 'sub-01/anat/sub-01_T1w.nii.gz', sheetPng);
 */
export async function saveFaceDetectionSheet(realRoot: string, original: string, png: Uint8Array): Promise<string> {
  const relative = `${snapshotFolderFor(original)}/${FACE_DETECTION_SHEET}`;
  const file = path.join(realRoot, ...relative.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, png);
  return relative;
}

/**
 * Checks and stores one snapshot (replacing an earlier one of the same view); answers its relative path.
 *
 * @param realRoot the dataset root, symlinks resolved
 * @example
 * await saveSnapshot('/data/study', { original, view: 'mid-sagittal', side: 'original' }, pngBytes);
 */
export async function saveSnapshot(realRoot: string, target: SnapshotTarget, png: Uint8Array): Promise<string> {
  if (png.length > MAX_SNAPSHOT_BYTES) throw new VeilError('BAD_REQUEST', `The snapshot is ${png.length} bytes; at most ${MAX_SNAPSHOT_BYTES} are accepted.`);
  if (!PNG_SIGNATURE.every((byte, index) => png[index] === byte)) throw new VeilError('BAD_REQUEST', 'The snapshot is not a PNG image.');
  const relative = snapshotPathFor(target);
  const file = path.join(realRoot, ...relative.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, png);
  return relative;
}
