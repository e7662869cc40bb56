/**
 * Where the voxels are in the world: the voxel → world (RAS mm) affine from the header, by the
 * NIfTI-1 rules. sform when sform_code > 0 (method 3), else qform when qform_code > 0 (method 2,
 * the quaternion), else the voxel sizes alone (method 1). The choice follows nibabel and the
 * standard's advice rather than nifti-reader-js, which prefers the qform when its code is higher.
 */
import type { NiftiHeader } from './header.js';

/** Which header fields the affine came from. */
export type AffineSource = 'sform' | 'qform' | 'pixdim';

export interface HeaderAffine {
  /** Row-major 4×4, voxel (i, j, k, 1) → world (x, y, z, 1). */
  affine: Float64Array;
  source: AffineSource;
  warnings: string[];
}

/**
 * The affine the header describes, with warnings when a transform was unusable or missing.
 *
 * @example
 * const { affine, source } = headerAffine(readHeader(data, name)); // source: 'sform' | 'qform' | 'pixdim'
 */
export function headerAffine(header: NiftiHeader): HeaderAffine {
  const warnings: string[] = [];
  if (header.sformCode > 0) {
    const affine = rowMajor(header.srow);
    if (isUsable(affine)) return { affine, source: 'sform', warnings };
    warnings.push('The sform is unusable (non-finite or singular); the orientation falls back to the qform or voxel sizes.');
  }
  if (header.qformCode > 0) {
    const affine = qformAffine(header, warnings);
    if (isUsable(affine)) return { affine, source: 'qform', warnings };
    warnings.push('The qform is unusable (non-finite values); the orientation falls back to the voxel sizes.');
  }
  warnings.push('No usable sform or qform: the orientation is unknown, so the voxel axes are assumed to point Right, Anterior, Superior.');
  const [dx, dy, dz] = [1, 2, 3].map((axis) => voxelSize(header.pixdim, axis, warnings));
  return { affine: rowMajor([dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0]), source: 'pixdim', warnings };
}

/**
 * NIfTI-1 method 2, exactly as nifti1_io.c's nifti_quatern_to_mat44: a = √(1 − b² − c² − d²),
 * renormalising (b, c, d) when a would be imaginary (a 180° rotation stored with rounding error),
 * and qfac = −1 (pixdim[0] < 0) flipping the k axis.
 */
function qformAffine(header: NiftiHeader, warnings: string[]): Float64Array {
  let [b, c, d] = header.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const norm = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= norm;
    c *= norm;
    d *= norm;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [xd, yd, dz] = [1, 2, 3].map((axis) => voxelSize(header.pixdim, axis, warnings));
  const zd = header.pixdim[0] < 0 ? -dz : dz;
  const [qx, qy, qz] = header.qoffset;
  return rowMajor([
    (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qx,
    2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qy,
    2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qz,
  ]);
}

/** pixdim[axis], or 1 mm (as nifti1_io does) when it is not a positive finite size. */
function voxelSize(pixdim: readonly number[], axis: number, warnings: string[]): number {
  const size = pixdim[axis];
  if (Number.isFinite(size) && size > 0) return size;
  const warning = `pixdim[${axis}] = ${size} is not a voxel size; 1 mm was used.`;
  if (!warnings.includes(warning)) warnings.push(warning);
  return 1;
}

/** A 4×4 from its first three rows; the last row is (0, 0, 0, 1). */
function rowMajor(rows: readonly number[]): Float64Array {
  const affine = new Float64Array(16);
  affine.set(rows.slice(0, 12));
  affine[15] = 1;
  return affine;
}

/** Finite and invertible (the same threshold as invertAffine in src/volume). */
function isUsable(affine: Float64Array): boolean {
  if (!affine.every(Number.isFinite)) return false;
  const [m0, m1, m2, , m3, m4, m5, , m6, m7, m8] = affine;
  const determinant = m0 * (m4 * m8 - m5 * m7) - m1 * (m3 * m8 - m5 * m6) + m2 * (m3 * m7 - m4 * m6);
  return Math.abs(determinant) >= 1e-12;
}
