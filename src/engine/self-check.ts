/**
 * The self-check run after every deface, whatever engine wrote the output: it compares the output as
 * written on disk with the input, inside Veil's own estimates of the brain, the face and the ears.
 */
import type { DefaceParameters, FileFingerprint, Recognizability, SelfCheck, Verdict } from '../api/deface.js';
import { recognizabilityFindings } from '../recognizability/verdict.js';
import { intensityAt, voxelSpacing, type ScaledVoxels } from '../volume/volume.js';

/** Where Veil's analysis of the original image put the head, the brain, the face and the ears (1 = inside). */
export interface AnatomyEstimate {
  headMask: Uint8Array;
  brainMask: Uint8Array;
  faceRegion: Uint8Array;
  /** Null when de-earing was not asked for. */
  earRegion: Uint8Array | null;
}

export interface SelfCheckInput {
  engine: { name: string; version: string };
  parameters: DefaceParameters;
  input: FileFingerprint;
  output: FileFingerprint;
  /** The input's intensities, read from its stored values. */
  original: ScaledVoxels;
  /** The output as read back from disk (its stored values: no Float32 copy of the image is made). */
  defaced: ScaledVoxels;
  /** Datatype and header of the output equal the input's (dims and affine are checked here). */
  headerUnchanged: boolean;
  /** The scaled value removed voxels carry (0, or the minimum where 0 is not representable). */
  fillValue: number;
  anatomy: AnatomyEstimate;
  warnings: string[];
  timings: { totalMs: number; stagesMs: Record<string, number> };
  /** Face detection on 3D renders of both images; null when it was skipped. */
  recognizability: Recognizability | null;
}

/** Below these shares of the face / ears removed, the verdict is `fail` / `warn`. */
const FACE_FAIL_BELOW = 0.5;
const FACE_WARN_BELOW = 0.95;
const EARS_WARN_BELOW = 0.9;

/**
 * Builds the self-check: counts changed brain voxels, the removed share of face and ears, the removed
 * volume, and decides the verdict with its reasons.
 *
 * @example
 * const check = buildSelfCheck({ ...run, original: scaledVoxels(input), defaced: scaledVoxels(await readNifti(output)) });
 * if (check.verdict !== 'pass') console.log(check.reasons);
 */
export function buildSelfCheck(input: SelfCheckInput): SelfCheck {
  const { original, defaced, anatomy, fillValue } = input;
  const geometryUnchanged =
    input.headerUnchanged &&
    original.dims.every((n, axis) => n === defaced.dims[axis]) &&
    original.affine.every((value, index) => Math.abs(value - (defaced.affine[index] ?? Number.NaN)) < 1e-6);

  let tissueRemoved = 0, brainVoxels = 0, brainChanged = 0, face = 0, faceRemoved = 0, ears = 0, earsRemoved = 0;
  if (geometryUnchanged) {
    const tolerance = 1e-6 * Math.max(1, Math.abs(fillValue));
    const { headMask, brainMask, faceRegion } = anatomy;
    const earRegion = anatomy.earRegion ?? new Uint8Array(headMask.length);
    for (let index = 0; index < headMask.length; index++) {
      // Only voxels inside an estimate count, and most of an image is air: look at the masks first
      // (a third of the time on a 1 mm head).
      if ((headMask[index] | brainMask[index] | faceRegion[index] | earRegion[index]) === 0) continue;
      const after = intensityAt(defaced, index);
      const isChanged = intensityAt(original, index) !== after;
      const isRemoved = Math.abs(after - fillValue) <= tolerance;
      if (isChanged && headMask[index]) tissueRemoved++;
      if (brainMask[index]) {
        brainVoxels++;
        if (isChanged) brainChanged++;
      }
      if (faceRegion[index]) {
        face++;
        if (isRemoved) faceRemoved++;
      }
      if (earRegion[index]) {
        ears++;
        if (isRemoved) earsRemoved++;
      }
    }
  }
  const [sx, sy, sz] = voxelSpacing(original.affine);
  const faceFraction = face === 0 ? 1 : faceRemoved / face;
  const earFraction = anatomy.earRegion === null ? null : ears === 0 ? 1 : earsRemoved / ears;

  const failures: string[] = [];
  const doubts: string[] = [];
  if (!geometryUnchanged) failures.push('The output does not have the input’s dimensions, datatype or orientation.');
  if (brainChanged > 0) failures.push(`${brainChanged} voxels of the estimated brain changed.`);
  if (face === 0) doubts.push('No face region was found in the input (the field of view may exclude the face); nothing to verify.');
  else if (faceFraction < FACE_FAIL_BELOW) failures.push(`Only ${percent(faceFraction)} of the estimated face region was removed.`);
  else if (faceFraction < FACE_WARN_BELOW) doubts.push(`${percent(faceFraction)} of the estimated face region was removed (below ${percent(FACE_WARN_BELOW)}).`);
  if (anatomy.earRegion !== null) {
    if (ears === 0) doubts.push('No outer ears were found in the input; de-earing could not be verified.');
    else if (earFraction !== null && earFraction < EARS_WARN_BELOW) doubts.push(`Only ${percent(earFraction)} of the estimated ears was removed.`);
  }
  if (input.recognizability) {
    const findings = recognizabilityFindings(input.recognizability);
    failures.push(...findings.failures);
    doubts.push(...findings.doubts);
  }
  doubts.push(...input.warnings);
  const verdict: Verdict = failures.length > 0 ? 'fail' : doubts.length > 0 ? 'warn' : 'pass';

  return {
    schema: 'veil.deface.self-check/1',
    verdict,
    reasons: [...failures, ...doubts],
    engine: input.engine,
    parameters: input.parameters,
    input: input.input,
    output: input.output,
    geometryUnchanged,
    brainVoxelsChanged: brainChanged,
    brainVoxels,
    faceRegionRemovedFraction: faceFraction,
    earRegionRemovedFraction: earFraction,
    removedVolumeMl: (tissueRemoved * sx * sy * sz) / 1000,
    warnings: input.warnings,
    timings: input.timings,
    createdAt: new Date().toISOString(),
    recognizability: input.recognizability,
  };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
