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
import { NIFTI1_HEADER_BYTES, readHeader } from '../nifti/header.js';
import { scaledVoxels, type NiftiImage } from '../nifti/index.js';
import type { Affine, VoxelArray } from '../volume/volume.js';
import { voxelSpacing } from '../volume/volume.js';

/** Voxel size of the preview: 2 mm keeps the face and ears recognisable for a first look at 1/8 of a 1 mm head's voxels. */
const PREVIEW_VOXEL_MM = 2;

/** The header, then the 4-byte extension flag (no extensions), then the voxels. */
const VOX_OFFSET = NIFTI1_HEADER_BYTES + 4;
const DT_FLOAT32 = 16;
const NIFTI_UNITS_MM = 2;
/** sform_code "scanner anatomical": niivue uses the sform whenever its code is above 0. */
const SFORM_SCANNER = 1;

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
  return encodeFloat32Nifti(coarse.dims, coarse.affine, coarse.data, { calMin, calMax });
}

/** A NIfTI-1 file of Float32 voxels placed by `affine` (sform only; the qform is left unset). */
function encodeFloat32Nifti(dims: readonly [number, number, number], affine: Affine, data: VoxelArray, window: { calMin: number; calMax: number }): Uint8Array {
  const bytes = new Uint8Array(VOX_OFFSET + data.length * 4);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, NIFTI1_HEADER_BYTES, true);
  [3, ...dims, 1, 1, 1, 1].forEach((value, n) => view.setInt16(40 + 2 * n, value, true));
  view.setInt16(70, DT_FLOAT32, true);
  view.setInt16(72, 32, true);
  // pixdim[0] (qfac) = 1, then the voxel sizes; readers that ignore the sform still get the scale.
  [1, ...voxelSpacing(affine)].forEach((value, n) => view.setFloat32(76 + 4 * n, value, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true);
  bytes[123] = NIFTI_UNITS_MM;
  view.setFloat32(124, window.calMax, true);
  view.setFloat32(128, window.calMin, true);
  view.setInt16(254, SFORM_SCANNER, true);
  for (let n = 0; n < 12; n++) view.setFloat32(280 + 4 * n, affine[n] ?? 0, true);
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0": header and voxels in one file
  for (let n = 0; n < data.length; n++) view.setFloat32(VOX_OFFSET + 4 * n, data[n] ?? 0, true);
  return bytes;
}
