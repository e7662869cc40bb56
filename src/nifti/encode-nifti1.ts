/**
 * A NIfTI-1 encoder for images Veil makes rather than re-writes: the practice project's synthetic
 * series and the Compare view's previews. Veil's writer (write.ts) only re-writes the header of an
 * image it has read; these have none to start from.
 */

/** An image to encode as a single-file NIfTI-1 (`.nii`), little-endian. */
export interface NewNifti1Image {
  /** [nx, ny, nz] or [nx, ny, nz, nt]. */
  dims: readonly number[];
  /**
   * Voxel (i, j, k) → world mm, row-major (at least its first 12 values). Written as the sform
   * (scanner anatomical), and also as the qform when it has no rotation, as scanners' converters do.
   */
  affine: ArrayLike<number>;
  /** Voxels in NIfTI order (i fastest, then j, k, t): int16 or float32, stored as they are. */
  data: Int16Array | Float32Array;
  /** Repetition time in seconds, for a 4D series. */
  repetitionTime?: number;
  /** The header's descrip text (scanners write acquisition details here), at most 79 bytes. */
  descrip?: string;
  /** The display window the file suggests (cal_min, cal_max). */
  displayWindow?: { calMin: number; calMax: number };
}

const HEADER_BYTES = 348;
/** The header, then the 4-byte extension flag (no extensions), then the voxels. */
const VOX_OFFSET = HEADER_BYTES + 4;
const DT_INT16 = 4;
const DT_FLOAT32 = 16;
const NIFTI_UNITS_MM_SEC = 2 | 8;
/** qform_code and sform_code "scanner anatomical". */
const XFORM_SCANNER = 1;

/**
 * The bytes of `image` as a `.nii` file.
 *
 * @example
 * const bytes = encodeNifti1({ dims: [2, 2, 2], affine: [2, 0, 0, -1, 0, 2, 0, -1, 0, 0, 2, -1], data: new Int16Array(8) });
 * bytes.length; // 352 + 16
 */
export function encodeNifti1(image: NewNifti1Image): Uint8Array {
  const { dims, affine: a, data } = image;
  const voxelCount = dims.reduce((product, size) => product * size, 1);
  if (data.length !== voxelCount) throw new Error(`The image has ${data.length} voxels; dims ${dims.join('×')} need ${voxelCount}.`);
  const float = data instanceof Float32Array;
  const bytesPerVoxel = float ? 4 : 2;
  const bytes = new Uint8Array(VOX_OFFSET + voxelCount * bytesPerVoxel);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, HEADER_BYTES, true);
  view.setInt16(40, dims.length, true);
  for (let axis = 0; axis < 7; axis++) view.setInt16(42 + axis * 2, dims[axis] ?? 1, true);
  view.setInt16(70, float ? DT_FLOAT32 : DT_INT16, true);
  view.setInt16(72, bytesPerVoxel * 8, true);
  // pixdim[0] = 1 (the qform's handedness), then the voxel sizes (the affine's column lengths).
  const spacing = [0, 1, 2].map((column) => Math.hypot(a[column] ?? 0, a[4 + column] ?? 0, a[8 + column] ?? 0));
  [1, ...spacing, image.repetitionTime ?? 0].forEach((value, index) => view.setFloat32(76 + index * 4, value, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true);
  bytes[123] = NIFTI_UNITS_MM_SEC;
  if (image.displayWindow) {
    view.setFloat32(124, image.displayWindow.calMax, true);
    view.setFloat32(128, image.displayWindow.calMin, true);
  }
  new TextEncoder().encodeInto((image.descrip ?? '').slice(0, 79), bytes.subarray(148, 227));
  if (hasNoRotation(a)) {
    // Identity rotation: quatern_b/c/d stay 0; the offsets are the first voxel's position.
    view.setInt16(252, XFORM_SCANNER, true);
    [a[3], a[7], a[11]].forEach((value, index) => view.setFloat32(268 + index * 4, value ?? 0, true));
  }
  view.setInt16(254, XFORM_SCANNER, true);
  for (let index = 0; index < 12; index++) view.setFloat32(280 + index * 4, a[index] ?? 0, true);
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0": header and voxels in one file
  for (let index = 0; index < voxelCount; index++) {
    if (float) view.setFloat32(VOX_OFFSET + index * 4, data[index] ?? 0, true);
    else view.setInt16(VOX_OFFSET + index * 2, data[index] ?? 0, true);
  }
  return bytes;
}

/** The grid's axes point along +x, +y, +z (a diagonal, positive 3×3 part). */
function hasNoRotation(a: ArrayLike<number>): boolean {
  const offDiagonal = [1, 2, 4, 6, 8, 9].every((index) => a[index] === 0);
  return offDiagonal && (a[0] ?? 0) > 0 && (a[5] ?? 0) > 0 && (a[10] ?? 0) > 0;
}
