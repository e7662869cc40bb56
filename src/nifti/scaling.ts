/**
 * Stored values ↔ intensities: intensity = stored × scl_slope + scl_inter. The engine works on
 * intensities (a Float32 Volume); writing goes back through storedValueFor, rounded and clamped to
 * what the file's datatype can hold, so an output keeps the input's datatype and scaling.
 */
import { VeilError } from '../api/result.js';
import type { Volume } from '../volume/volume.js';
import { datatypeSpec } from './datatypes.js';
import type { DatatypeSpec, StoredArray } from './datatypes.js';
import type { NiftiImage } from './image.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The scaling in effect. A slope of 0 or a non-finite slope means "no scaling" (NIfTI-1 §scl_slope);
 * a non-finite intercept with a usable slope is taken as 0, with a warning.
 *
 * @example
 * effectiveScaling(0, 100, warnings); // { slope: 1, inter: 0 }
 */
export function effectiveScaling(sclSlope: number, sclInter: number, warnings: string[]): { slope: number; inter: number } {
  if (sclSlope === 0 || !Number.isFinite(sclSlope)) return { slope: 1, inter: 0 };
  if (!Number.isFinite(sclInter)) {
    warnings.push(`scl_inter is ${sclInter}; 0 was used.`);
    return { slope: sclSlope, inter: 0 };
  }
  return { slope: sclSlope, inter: sclInter };
}

/**
 * Number of voxels whose intensity is not a finite Float32 (NaN or ±Inf stored, or a scaling that
 * overflows). Integer data under a sane scaling cannot have any, so it is not scanned.
 *
 * @example
 * countNonFiniteIntensities(Float32Array.of(1, NaN, Infinity), datatypeSpec('float32'), 1, 0); // 2
 */
export function countNonFiniteIntensities(stored: StoredArray, spec: DatatypeSpec, slope: number, inter: number): number {
  if (!mayBeNonFinite(spec, slope, inter)) return 0;
  let count = 0;
  for (let index = 0; index < stored.length; index++) {
    if (!isFiniteFloat32(stored[index] * slope + inter)) count++;
  }
  return count;
}

/**
 * The image's intensities as a Volume: scaled Float32, NaN/±Inf replaced by 0, or by the smallest
 * finite intensity when 0 is outside the image's range (parseNifti already warned with the count).
 *
 * @example
 * const image = await readNifti('/data/sub-01_T1w.nii.gz');
 * const volume = toVolume(image); // volume.data: Float32Array of intensities
 */
export function toVolume(image: NiftiImage): Volume {
  const { stored, sclSlope: slope, sclInter: inter } = image;
  const data = new Float32Array(stored.length);
  if (slope === 1 && inter === 0) {
    data.set(stored); // native conversion, much faster than a JS loop
  } else {
    for (let index = 0; index < stored.length; index++) data[index] = stored[index] * slope + inter;
  }
  if (mayBeNonFinite(datatypeSpec(image.datatype), slope, inter)) replaceNonFinite(data);
  return { dims: [...image.dims], affine: image.affine.slice(), data };
}

/**
 * The stored value whose intensity is closest to `intensity`: inverse scaling, rounded for integer
 * datatypes and clamped to the datatype's range.
 *
 * @example
 * stored[index] = storedValueFor(image, 0); // a removed voxel reads back as 0 (or as close as the file allows)
 */
export function storedValueFor(image: Pick<NiftiImage, 'datatype' | 'sclSlope' | 'sclInter' | 'name'>, intensity: number): number {
  const spec = datatypeSpec(image.datatype);
  const raw = unclampedStoredValue(image, intensity);
  const clamped = Math.min(spec.max, Math.max(spec.min, raw));
  return spec.name === 'float32' ? Math.fround(clamped) : clamped;
}

/**
 * The stored value for removed voxels: one that reads back as 0, or — when the scaling puts 0
 * outside what the datatype can store — the image's minimum intensity.
 *
 * @example
 * const fill = backgroundStoredValue(image, volume);
 * for (const index of faceVoxels) stored[index] = fill;
 */
export function backgroundStoredValue(image: NiftiImage, volume: Volume): number {
  const spec = datatypeSpec(image.datatype);
  const zero = unclampedStoredValue(image, 0);
  if (zero >= spec.min && zero <= spec.max) return storedValueFor(image, 0);
  let minimum = Infinity;
  for (const value of volume.data) if (value < minimum) minimum = value;
  return storedValueFor(image, minimum === Infinity ? 0 : minimum);
}

function unclampedStoredValue(image: Pick<NiftiImage, 'datatype' | 'sclSlope' | 'sclInter' | 'name'>, intensity: number): number {
  if (!Number.isFinite(intensity)) throw new VeilError('INTERNAL', `${image.name}: cannot store the intensity ${intensity}.`);
  const raw = (intensity - image.sclInter) / image.sclSlope;
  return datatypeSpec(image.datatype).integer ? Math.round(raw) : raw;
}

function mayBeNonFinite(spec: DatatypeSpec, slope: number, inter: number): boolean {
  return !spec.integer || Math.max(-spec.min, spec.max) * Math.abs(slope) + Math.abs(inter) >= FLOAT32_MAX;
}

/** Whether `value` stays finite once stored in a Float32Array (as toVolume stores it). */
function isFiniteFloat32(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

/** Replaces NaN/±Inf by 0, or by the finite minimum when 0 lies outside the finite range. */
function replaceNonFinite(data: Float32Array): void {
  let minimum = Infinity;
  let maximum = -Infinity;
  let nonFinite = 0;
  for (let index = 0; index < data.length; index++) {
    const value = data[index];
    if (value - value !== 0) nonFinite++; // true exactly for NaN and ±Inf
    else {
      if (value < minimum) minimum = value;
      if (value > maximum) maximum = value;
    }
  }
  if (nonFinite === 0) return;
  const zeroInRange = minimum <= 0 && maximum >= 0;
  const fill = zeroInRange || minimum === Infinity ? 0 : minimum;
  for (let index = 0; index < data.length; index++) {
    const value = data[index];
    if (value - value !== 0) data[index] = fill;
  }
}
