/**
 * Stored values ↔ intensities: intensity = stored × scl_slope + scl_inter. The engine reads
 * intensities from the stored values (scaledVoxels; toVolume makes the Float32 copy when one is
 * wanted); writing goes back through storedValueFor, rounded and clamped to what the file's
 * datatype can hold, so an output keeps the input's datatype and scaling.
 */
import { VeilError } from '../api/result.js';
import { intensityAt, type ScaledVoxels, type Volume } from '../volume/volume.js';
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
 * The image's intensities as ScaledVoxels: the stored values themselves, no Float32 copy (a pass
 * over them only when they can be NaN or ±Inf).
 *
 * @example
 * const voxels = scaledVoxels(image);
 * intensityAt(voxels, index) === toVolume(image).data[index]; // true
 */
export function scaledVoxels(image: NiftiImage): ScaledVoxels {
  const { stored, sclSlope: slope, sclInter: inter } = image;
  const spec = datatypeSpec(image.datatype);
  const nonFiniteFill = mayBeNonFinite(spec, slope, inter) ? fillForNonFinite(stored, slope, inter) : 0;
  // Integers of up to 16 bits are exact in Float32; wider ones and floats go through fround.
  const exact = slope === 1 && inter === 0 && spec.integer && spec.bytesPerVoxel <= 2;
  return { dims: [...image.dims], affine: image.affine.slice(), stored, slope, inter, nonFiniteFill, exact };
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
 * const fill = backgroundStoredValue(image);
 * for (const index of faceVoxels) stored[index] = fill;
 */
export function backgroundStoredValue(image: NiftiImage): number {
  const spec = datatypeSpec(image.datatype);
  const zero = unclampedStoredValue(image, 0);
  if (zero >= spec.min && zero <= spec.max) return storedValueFor(image, 0);
  const voxels = scaledVoxels(image);
  let minimum = Infinity;
  for (let index = 0; index < voxels.stored.length; index++) minimum = Math.min(minimum, intensityAt(voxels, index));
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
  const fill = fillForNonFinite(data, 1, 0);
  for (let index = 0; index < data.length; index++) {
    const value = data[index];
    if (value - value !== 0) data[index] = fill; // true exactly for NaN and ±Inf
  }
}

/** What NaN/±Inf intensities become: 0, or the finite minimum when 0 lies outside the finite range. */
function fillForNonFinite(stored: StoredArray, slope: number, inter: number): number {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < stored.length; index++) {
    const value = Math.fround(stored[index] * slope + inter);
    if (value - value !== 0) continue;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const zeroInRange = minimum <= 0 && maximum >= 0;
  return zeroInRange || minimum === Infinity ? 0 : minimum;
}
