/**
 * A coarse copy of an image for the Compare view's first frame. In software WebGL the viewer's cost
 * is per voxel: the 1 mm MNI152 pair (7.2 M voxels each) took ~2.5 s to reach the screen with
 * niivue's unused gradient passes skipped, a 2 mm copy (0.9 M voxels) a few hundred ms. The viewer
 * shows this copy first and replaces it with the file's own voxels once those are on the GPU.
 *
 * The copy is a plain NIfTI-1 `.nii` of Float32 intensities (scaling applied), on the same world
 * box (block averages, the affine scaled so each coarse voxel sits at its block's centre), without
 * the header's descrip and extensions (they may identify someone), and with the original's display
 * window (cal_min/cal_max) so the first frame is windowed as the full image will be.
 */
import { downsampleVolume } from '../engine/native/downsample.js';
import { encodeNifti1 } from '../nifti/encode-nifti1.js';
import { readHeader } from '../nifti/header.js';
import { scaledVoxels, type NiftiImage } from '../nifti/index.js';

/** Voxel size of the preview: 2 mm keeps the face and ears recognisable for a first look at 1/8 of a 1 mm head's voxels. */
const PREVIEW_VOXEL_MM = 2;

/**
 * The `.nii` bytes of `image` averaged to about `PREVIEW_VOXEL_MM` voxels (an image already that
 * coarse keeps its grid).
 *
 * @example
 * const preview = previewVolumeBytes(await readNifti('/d/sub-01_T1w.nii.gz')); // 91×109×91 float32 for a 1 mm MNI152
 */
export function previewVolumeBytes(image: NiftiImage): Uint8Array {
  const coarse = downsampleVolume(scaledVoxels(image), PREVIEW_VOXEL_MM);
  const { calMin, calMax } = readHeader(image.prefix, image.name);
  return encodeNifti1({ dims: coarse.dims, affine: coarse.affine, data: Float32Array.from(coarse.data), displayWindow: { calMin, calMax } });
}
