/**
 * A coarser copy of a volume in the same voxel grid orientation: blocks of f_i × f_j × f_k voxels
 * are averaged, and the affine is scaled and shifted so each coarse voxel sits at its block's
 * centre. The brain surface only needs ~2 mm to follow the cortex, and its cost is per vertex,
 * but its setup statistics are per voxel.
 */
import type { Volume } from '../../volume/volume.js';
import { voxelSpacing } from '../../volume/volume.js';

/**
 * Integer block factors that bring each voxel axis closest to `targetMm` without going finer than
 * the original (a 4.8 mm slice axis keeps factor 1).
 *
 * @example
 * blockFactors([0.88, 0.88, 0.88], 2); // [2, 2, 2]
 */
export function blockFactors(spacing: readonly number[], targetMm: number): [number, number, number] {
  return spacing.map((size) => Math.max(1, Math.round(targetMm / size))) as [number, number, number];
}

/**
 * Averages blocks of voxels (partial blocks at the far edges average what they have).
 *
 * @example
 * const coarse = downsampleVolume(volume, 2); // ~2 mm voxels, same orientation
 */
export function downsampleVolume(volume: Volume, targetMm: number): Volume {
  const factors = blockFactors(voxelSpacing(volume.affine), targetMm);
  const [fx, fy, fz] = factors;
  const [nx, ny, nz] = volume.dims;
  if (fx === 1 && fy === 1 && fz === 1) return { dims: [nx, ny, nz], affine: Float64Array.from(volume.affine), data: Float32Array.from(volume.data) };
  const dims: [number, number, number] = [Math.ceil(nx / fx), Math.ceil(ny / fy), Math.ceil(nz / fz)];
  const sums = new Float64Array(dims[0] * dims[1] * dims[2]);
  const counts = new Uint16Array(sums.length);
  const { data } = volume;
  let index = 0;
  for (let k = 0; k < nz; k++) {
    const coarseK = Math.floor(k / fz) * dims[0] * dims[1];
    for (let j = 0; j < ny; j++) {
      const coarseRow = coarseK + Math.floor(j / fy) * dims[0];
      for (let i = 0; i < nx; i++, index++) {
        const coarse = coarseRow + Math.floor(i / fx);
        sums[coarse] += data[index];
        counts[coarse]++;
      }
    }
  }
  const coarseData = new Float32Array(sums.length);
  for (let n = 0; n < sums.length; n++) coarseData[n] = sums[n] / counts[n];
  const a = volume.affine;
  const affine = new Float64Array(16);
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 3; column++) affine[row * 4 + column] = a[row * 4 + column] * factors[column];
    // Coarse voxel 0 is the centre of fine voxels 0 … f−1 along each axis.
    affine[row * 4 + 3] = a[row * 4 + 3] + a[row * 4] * (fx - 1) / 2 + a[row * 4 + 1] * (fy - 1) / 2 + a[row * 4 + 2] * (fz - 1) / 2;
  }
  affine[15] = 1;
  return { dims, affine, data: coarseData };
}
