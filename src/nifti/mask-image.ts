/**
 * A uint8 mask image on the grid of an existing image (for `--mask-out` / `--brain-out`): the input's
 * header with datatype, scaling and voxel offset rewritten, and without what could identify someone —
 * no extensions (they may hold DICOM fields) and an empty descrip (dcm2niix writes acquisition time there).
 */
import type { StoredArray } from './datatypes.js';
import type { NiftiImage } from './image.js';
import { NIFTI1_HEADER_BYTES } from './header.js';

/** Offsets of the fields rewritten, per the NIfTI-1 and NIfTI-2 standards (nifti1.h, nifti2.h). */
const LAYOUT = {
  1: { datatype: 70, bitpix: 72, dim: 40, dimBytes: 2, voxOffset: 108, sclSlope: 112, sclInter: 116, calMax: 124, calMin: 128, descrip: 148, floatBytes: 4 },
  2: { datatype: 12, bitpix: 14, dim: 16, dimBytes: 8, voxOffset: 168, sclSlope: 176, sclInter: 184, calMax: 192, calMin: 200, descrip: 240, floatBytes: 8 },
} as const;

/**
 * The image and voxels to pass to `writeNiftiAtomic` to save `mask` (1 = inside) on `image`'s grid.
 *
 * @example
 * await writeNiftiAtomic('removed_mask.nii.gz', ...maskImageLike(image, removalMask));
 */
export function maskImageLike(image: NiftiImage, mask: Uint8Array): [NiftiImage, StoredArray] {
  const layout = LAYOUT[image.version];
  const headerBytes = image.version === 1 ? NIFTI1_HEADER_BYTES : 540;
  const voxOffset = headerBytes + 4; // header, then an extender of four zero bytes: no extensions
  const prefix = new Uint8Array(voxOffset);
  prefix.set(image.prefix.subarray(0, headerBytes));
  const view = new DataView(prefix.buffer);
  const le = image.littleEndian;
  const setFloat = (offset: number, value: number) =>
    layout.floatBytes === 4 ? view.setFloat32(offset, value, le) : view.setFloat64(offset, value, le);
  view.setInt16(layout.datatype, 2, le); // DT_UINT8
  view.setInt16(layout.bitpix, 8, le);
  // A 4D input with one volume becomes a plain 3D mask.
  for (let n = 0; n < 8; n++) {
    const value = n === 0 ? 3 : n <= 3 ? image.dims[n - 1] : 1;
    if (layout.dimBytes === 2) view.setInt16(layout.dim + 2 * n, value, le);
    else view.setBigInt64(layout.dim + 8 * n, BigInt(value), le);
  }
  if (layout.dimBytes === 2) view.setFloat32(layout.voxOffset, voxOffset, le);
  else view.setBigInt64(layout.voxOffset, BigInt(voxOffset), le);
  setFloat(layout.sclSlope, 1);
  setFloat(layout.sclInter, 0);
  setFloat(layout.calMax, 1);
  setFloat(layout.calMin, 0);
  prefix.fill(0, layout.descrip, layout.descrip + 80);
  const maskImage: NiftiImage = {
    ...image,
    datatype: 'uint8',
    sclSlope: 1,
    sclInter: 0,
    voxOffset,
    prefix,
    stored: mask,
    extensions: [],
    descrip: '',
    warnings: [],
  };
  return [maskImage, mask];
}
