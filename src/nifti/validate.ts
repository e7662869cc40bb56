/**
 * Decides from the header alone whether the image is one Veil can work on: a single 3D scalar
 * volume of sane size. Runs before any voxel memory is allocated, so a damaged or hostile header
 * costs nothing.
 */
import { datatypeSpecOfCode, unsupportedDatatypeLabel } from './datatypes.js';
import type { DatatypeSpec } from './datatypes.js';
import { badNifti, unsupportedNifti } from './errors.js';
import type { NiftiHeader } from './header.js';

/** Largest voxel payload Veil accepts (2 GiB); a 1 mm float32 head is about 30 MB. */
export const MAX_IMAGE_BYTES = 2 ** 31;
/** Largest size of one dimension; clinical and research grids stay far below this. */
export const MAX_DIMENSION = 65535;

export interface ImageLayout {
  dims: [number, number, number];
  spec: DatatypeSpec;
  voxelCount: number;
  imageBytes: number;
  voxOffset: number;
  warnings: string[];
}

/**
 * Checks dimensions, volume count, datatype, size and data offset; throws a VeilError naming
 * `name` and the problem, or returns where and how the voxels are stored.
 *
 * @example
 * const { dims, spec, voxOffset, imageBytes } = checkLayout(readHeader(data, name), name);
 */
export function checkLayout(header: NiftiHeader, name: string): ImageLayout {
  const dims = checkDimensions(header.dim, name);
  const spec = datatypeSpecOfCode(header.datatypeCode);
  if (!spec) {
    throw unsupportedNifti(
      name,
      `unsupported datatype ${unsupportedDatatypeLabel(header.datatypeCode)}: Veil reads scalar images ` +
        '(uint8, int8, int16, uint16, int32, uint32, float32, float64).',
    );
  }
  const warnings: string[] = [];
  if (header.bitpix !== spec.bytesPerVoxel * 8) {
    warnings.push(`bitpix is ${header.bitpix} but datatype ${spec.name} has ${spec.bytesPerVoxel * 8} bits; the datatype was used.`);
  }
  const voxelCount = dims[0] * dims[1] * dims[2];
  const imageBytes = voxelCount * spec.bytesPerVoxel;
  if (imageBytes > MAX_IMAGE_BYTES) {
    throw badNifti(name, `image too large: ${dims.join('×')} ${spec.name} is ${imageBytes} bytes (Veil's limit is 2 GiB).`);
  }
  const voxOffset = header.voxOffset;
  if (!Number.isInteger(voxOffset) || voxOffset < header.headerBytes) {
    throw badNifti(name, `invalid vox_offset ${voxOffset}: the voxel data must start at a whole byte at or after the ${header.headerBytes}-byte header.`);
  }
  return { dims, spec, voxelCount, imageBytes, voxOffset, warnings };
}

function checkDimensions(dim: readonly number[], name: string): [number, number, number] {
  const rank = dim[0];
  if (!Number.isInteger(rank) || rank < 1 || rank > 7) {
    throw badNifti(name, `invalid header: dim[0] = ${rank}, but the number of dimensions must be 1 to 7 (damaged file?).`);
  }
  const sizes = dim.slice(1, rank + 1);
  sizes.forEach((size, n) => {
    if (!Number.isInteger(size) || size < 1) throw badNifti(name, `invalid header: dim[${n + 1}] = ${size}, but sizes must be at least 1.`);
    if (size > MAX_DIMENSION) throw badNifti(name, `absurd image size: dim[${n + 1}] = ${size} (more than ${MAX_DIMENSION}).`);
  });
  if (rank < 3) throw badNifti(name, `not a 3D image: it is ${rank}D (${sizes.join('×')}).`);
  const [nx, ny, nz] = sizes;
  if (nx === 1 || ny === 1 || nz === 1) throw badNifti(name, `not a 3D image: ${nx}×${ny}×${nz} is a single slice.`);
  const volumes = sizes.slice(3).reduce((product, size) => product * size, 1);
  if (volumes > 1) throw badNifti(name, `not a T1 anatomical: ${rank}D with ${volumes} volumes.`);
  return [nx, ny, nz];
}
