/**
 * A 3D scalar image in its own voxel grid, with the affine that places it in the world: as Float32
 * intensities (Volume; scl_slope/scl_inter applied, finite) or as the values a file stores with
 * their scaling (ScaledVoxels), which the engine reads without making the Float32 copy.
 */

/** A 4×4 matrix, row-major, mapping voxel indices (i, j, k, 1) to world millimetres (x, y, z, 1), RAS+. */
export type Affine = Float64Array;

export interface Volume {
  /** Voxel counts along i, j, k. */
  dims: [number, number, number];
  /** Voxel (i, j, k) → world (x: left→Right, y: posterior→Anterior, z: inferior→Superior), in mm. */
  affine: Affine;
  /** Intensities, i fastest (NIfTI order); length dims[0]·dims[1]·dims[2]. */
  data: Float32Array;
}

/** A typed array of voxel values as an image file stores them. */
export type VoxelArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Intensities on a grid, in whichever array holds them exactly: a Volume's Float32, or an image's
 * own stored integers when those are the intensities (ScaledVoxels.exact), which saves the copy.
 */
export interface IntensityGrid {
  dims: [number, number, number];
  affine: Affine;
  data: VoxelArray;
}

/**
 * Voxel values as stored, with the scaling that makes them intensities: voxel n's intensity is
 * fround(stored[n] · slope + inter), or `nonFiniteFill` where that is NaN or ±Inf — the value a
 * Float32 Volume of the image would hold (see intensityAt).
 */
export interface ScaledVoxels {
  dims: [number, number, number];
  affine: Affine;
  stored: VoxelArray;
  slope: number;
  inter: number;
  /** What a NaN or ±Inf intensity reads as: 0, or the smallest finite intensity when 0 is out of range. */
  nonFiniteFill: number;
  /** The stored values are the intensities themselves (no scaling, exact in Float32, all finite). */
  exact: boolean;
}

/**
 * The intensity of one voxel. Small enough to be inlined in loops.
 *
 * @example
 * const changed = intensityAt(before, index) !== intensityAt(after, index);
 */
export function intensityAt(voxels: ScaledVoxels, index: number): number {
  if (voxels.exact) return voxels.stored[index];
  const value = Math.fround(voxels.stored[index] * voxels.slope + voxels.inter);
  return value - value === 0 ? value : voxels.nonFiniteFill;
}

/**
 * A Float32 volume read as ScaledVoxels (the same array, not a copy).
 *
 * @example
 * const computation = defaceVolume(volumeVoxels(volume), options);
 */
export function volumeVoxels(volume: Volume): ScaledVoxels {
  return { dims: volume.dims, affine: volume.affine, stored: volume.data, slope: 1, inter: 0, nonFiniteFill: 0, exact: true };
}

/**
 * Voxel sizes in mm: the length of each affine column.
 *
 * @example
 * voxelSpacing(volume.affine); // [1, 1, 1.2]
 */
export function voxelSpacing(affine: Affine): [number, number, number] {
  const column = (c: number) => Math.hypot(affine[c], affine[4 + c], affine[8 + c]);
  return [column(0), column(1), column(2)];
}

/**
 * World coordinates (mm) of voxel (i, j, k).
 *
 * @example
 * const [x, y, z] = voxelToWorld(affine, 10, 20, 30);
 */
export function voxelToWorld(a: Affine, i: number, j: number, k: number): [number, number, number] {
  return [
    a[0] * i + a[1] * j + a[2] * k + a[3],
    a[4] * i + a[5] * j + a[6] * k + a[7],
    a[8] * i + a[9] * j + a[10] * k + a[11],
  ];
}

/**
 * The inverse affine (world mm → voxel indices).
 *
 * @example
 * const toVoxel = invertAffine(volume.affine); voxelToWorld(toVoxel, x, y, z); // (i, j, k)
 */
export function invertAffine(a: Affine): Affine {
  const [m0, m1, m2, , m3, m4, m5, , m6, m7, m8] = Array.from(a) as number[];
  const [tx, ty, tz] = [a[3], a[7], a[11]];
  const c = [m4 * m8 - m5 * m7, m2 * m7 - m1 * m8, m1 * m5 - m2 * m4,
    m5 * m6 - m3 * m8, m0 * m8 - m2 * m6, m2 * m3 - m0 * m5,
    m3 * m7 - m4 * m6, m1 * m6 - m0 * m7, m0 * m4 - m1 * m3];
  const det = m0 * c[0] + m1 * c[3] + m2 * c[6];
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new Error('The affine is singular: the image has no usable orientation.');
  const out = new Float64Array(16);
  for (let row = 0; row < 3; row++) {
    const [r0, r1, r2] = [c[row * 3] / det, c[row * 3 + 1] / det, c[row * 3 + 2] / det];
    out.set([r0, r1, r2, -(r0 * tx + r1 * ty + r2 * tz)], row * 4);
  }
  out[15] = 1;
  return out;
}
