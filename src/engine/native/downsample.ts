/**
 * A coarser copy of a volume in the same voxel grid orientation: blocks of f_i × f_j × f_k voxels
 * are averaged, and the affine is scaled and shifted so each coarse voxel sits at its block's
 * centre. The brain surface only needs ~2 mm to follow the cortex, and its cost is per vertex,
 * but its setup statistics are per voxel.
 */
import type { IntensityGrid, ScaledVoxels, VoxelArray } from '../../volume/volume.js';
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
 * Averages blocks of voxel intensities (partial blocks at the far edges average what they have).
 * When no block is larger than a voxel, the intensities themselves — the stored array when it
 * holds them exactly (no copy: for a 2 mm image that is the largest array of the run).
 *
 * @example
 * const coarse = downsampleVolume(scaledVoxels(image), 2); // ~2 mm voxels, same orientation
 */
export function downsampleVolume(volume: ScaledVoxels, targetMm: number): IntensityGrid {
  const factors = blockFactors(voxelSpacing(volume.affine), targetMm);
  const [fx, fy, fz] = factors;
  const [nx, ny, nz] = volume.dims;
  const { stored, slope, inter, nonFiniteFill, exact } = volume;
  // intensityAt, written out: this loop reads every voxel of the image.
  const intensity = (index: number) => {
    if (exact) return stored[index];
    const value = Math.fround(stored[index] * slope + inter);
    return value - value === 0 ? value : nonFiniteFill;
  };
  if (fx === 1 && fy === 1 && fz === 1) return { dims: volume.dims, affine: volume.affine, data: intensities(volume, intensity) };
  const dims: [number, number, number] = [Math.ceil(nx / fx), Math.ceil(ny / fy), Math.ceil(nz / fz)];
  const [cx, cy, cz] = dims;
  const coarseData = new Float32Array(cx * cy * cz);
  // One coarse slice of sums at a time (not the whole grid in Float64), filled in the fine voxel
  // order; block sizes come from the block's position, not from counting voxels.
  const sums = new Float64Array(cx * cy);
  const coarseI = Int32Array.from({ length: nx }, (_, i) => Math.floor(i / fx));
  const blockSize = (n: number, factor: number, coarse: number) => Math.min(factor, n - coarse * factor);
  let index = 0;
  for (let ck = 0; ck < cz; ck++) {
    sums.fill(0);
    for (let k = ck * fz; k < Math.min(nz, (ck + 1) * fz); k++) {
      for (let j = 0; j < ny; j++) {
        const row = Math.floor(j / fy) * cx;
        for (let i = 0; i < nx; i++, index++) sums[row + coarseI[i]] += intensity(index);
      }
    }
    const depth = blockSize(nz, fz, ck);
    for (let cj = 0; cj < cy; cj++) {
      const rowCount = depth * blockSize(ny, fy, cj);
      for (let ci = 0; ci < cx; ci++) coarseData[ck * cx * cy + cj * cx + ci] = sums[cj * cx + ci] / (rowCount * blockSize(nx, fx, ci));
    }
  }
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

/** The intensities: the stored array itself when it holds them exactly, else a Float32 copy. */
function intensities(volume: ScaledVoxels, intensity: (index: number) => number): VoxelArray {
  if (volume.exact) return volume.stored;
  const data = new Float32Array(volume.stored.length);
  for (let index = 0; index < data.length; index++) data[index] = intensity(index);
  return data;
}
