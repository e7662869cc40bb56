/**
 * A minimal NIfTI-1 encoder for the practice project's synthetic images: int16, little-endian,
 * an axis-aligned RAS grid, 3D or 4D. Veil's own writer (src/nifti/write.ts) only re-writes the
 * header of an image it has read; the practice project has no image to start from.
 */

/** What the practice project writes: int16 voxels on an axis-aligned grid. */
export interface PracticeVolume {
  /** [nx, ny, nz] or [nx, ny, nz, nt]. */
  dims: readonly number[];
  /** Voxel size in mm along i, j, k. */
  voxelSize: readonly [number, number, number];
  /** World position (mm) of the first voxel's centre; the axes point to Right, Anterior, Superior. */
  origin: readonly [number, number, number];
  /** Voxels in NIfTI order (i fastest, then j, k, t). */
  data: Int16Array;
  /** Repetition time in seconds, for a 4D series. */
  repetitionTime?: number;
  /** The header's descrip text (scanners write acquisition details here), at most 79 bytes. */
  descrip?: string;
}

const HEADER_BYTES = 348;
/** The header, then the 4-byte extension flag (no extensions), then the voxels. */
const VOX_OFFSET = 352;
const DT_INT16 = 4;
const NIFTI_UNITS_MM_SEC = 2 | 8;

/**
 * The bytes of a single-file NIfTI-1 image (`.nii`), with identical qform and sform (scanner anatomical).
 *
 * @example
 * const bytes = encodePracticeNifti({ dims: [2, 2, 2], voxelSize: [2, 2, 2], origin: [-1, -1, -1], data: new Int16Array(8) });
 * bytes.length; // 352 + 16
 */
export function encodePracticeNifti(volume: PracticeVolume): Uint8Array {
  const voxelCount = volume.dims.reduce((product, size) => product * size, 1);
  if (volume.data.length !== voxelCount) throw new Error(`The image has ${volume.data.length} voxels; dims ${volume.dims.join('×')} need ${voxelCount}.`);
  const bytes = new Uint8Array(VOX_OFFSET + voxelCount * 2);
  const view = new DataView(bytes.buffer);
  const [dx, dy, dz] = volume.voxelSize;
  const [ox, oy, oz] = volume.origin;
  view.setInt32(0, HEADER_BYTES, true);
  view.setInt16(40, volume.dims.length, true);
  volume.dims.forEach((size, axis) => view.setInt16(42 + axis * 2, size, true));
  for (let axis = volume.dims.length; axis < 7; axis++) view.setInt16(42 + axis * 2, 1, true);
  view.setInt16(70, DT_INT16, true);
  view.setInt16(72, 16, true);
  // pixdim[0] = 1: the qform's handedness (a RAS grid needs no flip).
  [1, dx, dy, dz, volume.repetitionTime ?? 0].forEach((value, index) => view.setFloat32(76 + index * 4, value, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true);
  bytes[123] = NIFTI_UNITS_MM_SEC;
  new TextEncoder().encodeInto((volume.descrip ?? '').slice(0, 79), bytes.subarray(148, 227));
  view.setInt16(252, 1, true);
  view.setInt16(254, 1, true);
  // Identity rotation: quatern_b/c/d stay 0; the offsets are the first voxel's position.
  [ox, oy, oz].forEach((value, index) => view.setFloat32(268 + index * 4, value, true));
  const rows = [[dx, 0, 0, ox], [0, dy, 0, oy], [0, 0, dz, oz]];
  rows.forEach((row, r) => row.forEach((value, c) => view.setFloat32(280 + r * 16 + c * 4, value, true)));
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0": header and voxels in one file
  for (let index = 0; index < voxelCount; index++) view.setInt16(VOX_OFFSET + index * 2, volume.data[index] ?? 0, true);
  return bytes;
}
