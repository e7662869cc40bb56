/**
 * The removed-tissue overlay of the Compare view: a uint8 NIfTI, 1 where the defaced image differs
 * from its original and the original held tissue. Computed here from both files, so what the viewer
 * highlights is what changed on disk, not what the engine believes it removed.
 */
import { VeilError } from '../api/result.js';
import { encodeNiftiBytes, readNifti, type NiftiImage } from '../nifti/index.js';
import { maskImageLike } from '../nifti/mask-image.js';

/** Largest difference between two affine entries still called the same grid (mm; well below any voxel). */
const AFFINE_TOLERANCE_MM = 1e-3;

/**
 * Tissue is brighter than this fraction of the original's 99th-percentile intensity. Cleared air in
 * front of the face also "changed": without this floor the phantoms' overlay was a red slab filling
 * the view in front of the face; at 5 % it paints only the cut skin and tissue (checked by eye in the
 * Compare view on the phantoms and on mricron_chris_t1 and MNI152 from ../shared/data).
 */
const TISSUE_FRACTION = 0.05;

/**
 * The `.nii` bytes of the mask of changed voxels, on the original's grid.
 *
 * @param originalFile absolute path of the original
 * @param defacedFile absolute path of the defaced image
 * @example
 * const mask = await removedMaskBytes('/d/raw.nii', '/d/defaced_raw.nii');
 */
export async function removedMaskBytes(originalFile: string, defacedFile: string): Promise<Uint8Array> {
  const [original, defaced] = await Promise.all([readNifti(originalFile), readNifti(defacedFile)]);
  const mismatch = gridMismatch(original, defaced);
  if (mismatch) throw new VeilError('BAD_REQUEST', `${defacedFile} is not on the grid of ${originalFile} (${mismatch}): no removed-tissue overlay.`);
  const mask = changedVoxels(original, defaced);
  return encodeNiftiBytes(...maskImageLike(original, mask));
}

/** Why two images do not share a voxel grid, or null when they do. */
function gridMismatch(a: NiftiImage, b: NiftiImage): string | null {
  if (a.dims.some((size, axis) => size !== b.dims[axis])) return `dimensions ${a.dims.join('×')} and ${b.dims.join('×')}`;
  if (a.affine.some((value, index) => Math.abs(value - (b.affine[index] ?? Number.NaN)) > AFFINE_TOLERANCE_MM)) return 'different orientation or voxel size';
  return null;
}

/** 1 where the original held tissue and the defaced image differs from it. */
function changedVoxels(original: NiftiImage, defaced: NiftiImage): Uint8Array {
  const a = original.stored;
  const b = defaced.stored;
  const mask = new Uint8Array(a.length);
  const tissue = TISSUE_FRACTION * percentile99(a);
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    if (!(Math.abs(x) > tissue)) continue;
    if (x * original.sclSlope + original.sclInter !== Number(b[i]) * defaced.sclSlope + defaced.sclInter) mask[i] = 1;
  }
  return mask;
}

/** The 99th percentile of |stored value| over a strided sample (every 7th voxel: plenty for a threshold, fast on 1 mm heads). */
function percentile99(stored: ArrayLike<number | bigint>): number {
  const sample: number[] = [];
  for (let i = 0; i < stored.length; i += 7) {
    const value = Math.abs(Number(stored[i]));
    if (Number.isFinite(value)) sample.push(value);
  }
  sample.sort((x, y) => x - y);
  return sample[Math.floor(0.99 * (sample.length - 1))] ?? 0;
}
