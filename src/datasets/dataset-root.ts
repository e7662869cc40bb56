/**
 * Which dataset an image belongs to, from its path alone: used when the desktop app is asked to open
 * a single `.nii`/`.nii.gz` (double-click, "Open with Veil"), because Veil works on datasets — the
 * original and its defaced copy live in different folders of the same dataset.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../api/result.js';
import { BIDS_DATATYPES, parseSeriesFolder } from './scan/path-entities.js';

/** A NIfTI file name: `.nii` or `.nii.gz`, any case. */
const NIFTI_NAME = /\.nii(\.gz)?$/i;

/**
 * True when `file` is named like a NIfTI image.
 *
 * @example
 * isNiftiName('/data/sub-01_T1w.nii.gz'); // true
 */
export function isNiftiName(file: string): boolean {
  return NIFTI_NAME.test(file);
}

/**
 * The dataset folder of an image: the folder above its subject folder (`sub-*`), climbing over the
 * session, DCCN series and BIDS datatype folders below it; above `raw/` for a DCCN project, and above
 * `derivatives/<pipeline>/` for an output. An image outside any subject folder: its own folder.
 *
 * @example
 * datasetRootForImage('/project/3010000.01/raw/sub-001/ses-mri01/002-t1_mprage/00001_1.3.12.nii'); // '/project/3010000.01'
 * datasetRootForImage('/bids/study/derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz');             // '/bids/study'
 * datasetRootForImage('/scratch/head.nii');                                                       // '/scratch'
 */
export function datasetRootForImage(imagePath: string): string {
  const folder = path.dirname(path.resolve(imagePath));
  let dir = folder;
  while (BIDS_DATATYPES.has(path.basename(dir)) || parseSeriesFolder(path.basename(dir)) || path.basename(dir).startsWith('ses-')) {
    dir = path.dirname(dir);
  }
  if (!path.basename(dir).startsWith('sub-')) return folder;
  let root = path.dirname(dir);
  if (path.basename(root) === 'raw') root = path.dirname(root);
  if (path.basename(path.dirname(root)) === 'derivatives') root = path.dirname(path.dirname(root));
  return root;
}

/** What opening a path means: the dataset folder to open, and the image to show in it (null for a folder). */
export interface OpenTarget {
  folder: string;
  image: string | null;
}

/**
 * What the user asked the app to open: a folder is the dataset itself; a NIfTI image opens the dataset
 * it belongs to (`datasetRootForImage`) and is then shown.
 *
 * @example
 * await openTargetOf('/bids/study/sub-01/anat/sub-01_T1w.nii.gz'); // {folder: '/bids/study', image: '/bids/study/sub-01/anat/sub-01_T1w.nii.gz'}
 * await openTargetOf('/bids/study');                                 // {folder: '/bids/study', image: null}
 */
export async function openTargetOf(target: string): Promise<OpenTarget> {
  const absolute = path.resolve(target);
  const info = await stat(absolute).catch(() => null);
  // What cannot be read is passed on as a folder: opening it reports why, as for any dataset.
  if (!info || info.isDirectory()) return { folder: absolute, image: null };
  if (info.isFile() && isNiftiName(absolute)) return { folder: datasetRootForImage(absolute), image: absolute };
  throw new VeilError('UNSUPPORTED', `Veil opens dataset folders and NIfTI images (.nii, .nii.gz), not ${path.basename(absolute)}.`);
}
