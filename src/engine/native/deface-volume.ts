/**
 * Veil's native, template-free defacing: from a T1-weighted head in memory to a mask of the voxels
 * to remove (face, optionally ears and neck), without touching the brain, in the image's own voxel
 * grid and orientation. Stages: head mask → brain surface (BET-style mesh on a ~2 mm copy) → face
 * (Quickshear-style plane + safety margin) → ears → neck.
 */
import type { ScaledVoxels } from '../../volume/volume.js';
import { voxelSpacing } from '../../volume/volume.js';
import type { GridGeometry } from './grid.js';
import { computeHeadMask, headThreshold } from './head-mask.js';
import { downsampleVolume } from './downsample.js';
import { fitBrainSurface } from './brain-surface.js';
import type { BrainSurface } from './brain-surface.js';
import { voxelizeMesh } from './voxelize-mesh.js';
import { MaskProximity } from './mask-proximity.js';
import { fitFacePlane } from './face-plane.js';
import type { FacePlane } from './face-plane.js';
import { brainLandmarks } from './brain-landmarks.js';
import { markFaceZone } from './face-zone.js';
import { markEarZone } from './ears.js';
import { markNeckZone } from './neck.js';
import { overlapOfRuns, runsToMask, type RowRuns } from './row-runs.js';
import { throwIfAborted } from './cancellation.js';
import type { CancellationSignal } from './cancellation.js';

export type DefaceStage = 'head-mask' | 'brain-surface' | 'face' | 'ears' | 'neck';

/** The stages in the order they run and are reported. */
export const DEFACE_STAGES: readonly DefaceStage[] = ['head-mask', 'brain-surface', 'face', 'ears', 'neck'];

export interface DefaceOptions {
  /** Also remove the ears (lateral to the temporal lobes). */
  removeEars: boolean;
  /** Nothing closer than this to the (estimated) brain is removed, in mm. Default choice: 10. */
  marginMm: number;
  /** Also remove everything well below the brain (the neck). */
  removeNeck: boolean;
}

export interface DefaceHooks {
  /** Called with each stage at fraction 0 and 1, in DEFACE_STAGES order (and in between for long stages). */
  onProgress?(stage: DefaceStage, fraction: number): void;
  /** Aborting makes `defaceVolume` throw an Error named 'AbortError' at the next check. */
  signal?: CancellationSignal;
}

export interface DefaceComputation {
  /** 1 = the voxel is removed (face, and ears/neck when asked), in the input's grid. */
  removalMask: Uint8Array;
  /** The engine's own brain estimate (voxelised brain surface). */
  brainMask: Uint8Array;
  /** Head versus air. */
  headMask: Uint8Array;
  /** Estimated face: head voxels below/in front of the frontal lobe, away from the brain. */
  faceRegion: Uint8Array;
  /** Estimated ears: head voxels lateral to the temporal lobes. */
  earRegion: Uint8Array;
  /** The cutting plane (world mm); removal is on its normal's side, at least `marginMm` from the brain. */
  facePlane: FacePlane;
  marginMm: number;
  /** The fitted brain surface (world mm), e.g. for review overlays. */
  brainSurface: BrainSurface;
  /** Milliseconds per stage, and in total. */
  timingsMs: Record<DefaceStage | 'total', number>;
}

/** Working resolution of the intensity statistics and the brain surface fit (mm). */
const SURFACE_GRID_MM = 2;
/** Plausible adult/child brain volumes (surface-enclosed, ml); outside, the fit has failed. */
const BRAIN_VOLUME_ML: readonly [number, number] = [400, 2600];
/** A head smaller than this (ml) is not a head. */
const MIN_HEAD_ML = 500;
/** A foreground filling nearly the whole field of view is noise or a phantom box, not a head. */
const MAX_HEAD_FILL_FRACTION = 0.97;
/** The brain is well inside the head; a "brain" as large as the cropped head is a blob, not a brain. */
const MAX_BRAIN_TO_HEAD_RATIO = 0.85;
const MAX_MARGIN_MM = 50;

/**
 * Computes what to remove to deface an image, from its voxels as stored (scaledVoxels(image)) or a
 * Float32 volume (volumeVoxels(volume)). Pure: the voxels are not modified.
 *
 * @example
 * const result = defaceVolume(volumeVoxels(volume), { removeEars: true, marginMm: 10, removeNeck: false });
 * for (let n = 0; n < volume.data.length; n++) if (result.removalMask[n]) volume.data[n] = 0;
 */
export function defaceVolume(volume: ScaledVoxels, options: DefaceOptions, hooks: DefaceHooks = {}): DefaceComputation {
  validateInput(volume, options);
  const { signal } = hooks;
  const timingsMs = { 'head-mask': 0, 'brain-surface': 0, face: 0, ears: 0, neck: 0, total: 0 };
  const started = performance.now();
  const runStage = <T>(stage: DefaceStage, work: () => T): T => {
    throwIfAborted(signal);
    hooks.onProgress?.(stage, 0);
    const stageStart = performance.now();
    const result = work();
    timingsMs[stage] = performance.now() - stageStart;
    throwIfAborted(signal);
    hooks.onProgress?.(stage, 1);
    return result;
  };
  const spacing = voxelSpacing(volume.affine);
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  const length = volume.stored.length;

  const { head, coarse } = runStage('head-mask', () => {
    const coarseVolume = downsampleVolume(volume, SURFACE_GRID_MM);
    const computed = computeHeadMask(volume, headThreshold(coarseVolume.data));
    if (computed.voxels * voxelMl < MIN_HEAD_ML) {
      throw new Error(`No head-like object was found: the largest object is ${(computed.voxels * voxelMl).toFixed(0)} ml (a head is over ${MIN_HEAD_ML} ml).`);
    }
    if (computed.voxels > MAX_HEAD_FILL_FRACTION * length) {
      throw new Error('No head-like object was found: the foreground fills the whole field of view (noise or a uniform object?).');
    }
    return { head: computed, coarse: coarseVolume };
  });

  const brain = runStage('brain-surface', () => {
    const surface = fitBrainSurface(coarse, {
      headTopZ: highestWorldZ(volume, head.runs),
      signal,
      onProgress: (fraction) => hooks.onProgress?.('brain-surface', Math.min(fraction, 0.99)),
    });
    if (!(surface.volumeMl >= BRAIN_VOLUME_ML[0] && surface.volumeMl <= BRAIN_VOLUME_ML[1])) {
      throw new Error(`No brain could be found in the head: the fitted surface encloses ${surface.volumeMl.toFixed(0)} ml (a brain is ${BRAIN_VOLUME_ML[0]}–${BRAIN_VOLUME_ML[1]} ml).`);
    }
    const runs = voxelizeMesh(surface.positions, surface.triangles, volume);
    const insideHead = overlapOfRuns(runs, head.runs);
    if (insideHead > MAX_BRAIN_TO_HEAD_RATIO * head.voxels) {
      throw new Error('No head-like object was found: the "brain" fills the whole object, so there is no skull or face around it.');
    }
    return { surface, runs, mask: runsToMask(runs, volume.dims) };
  });

  const removalMask = new Uint8Array(length);
  const faceRegion = new Uint8Array(length);
  const earRegion = new Uint8Array(length);
  const landmarks = brainLandmarks(brain.surface.positions);
  const { facePlane, nearBrain } = runStage('face', () => {
    const near = new MaskProximity(brain.runs, volume.dims, spacing);
    const plane = fitFacePlane(brain.surface.positions);
    markFaceZone({ grid: volume, plane, landmarks, nearBrain: near, headMask: head.mask, marginMm: options.marginMm }, removalMask, faceRegion);
    return { facePlane: plane, nearBrain: near };
  });
  runStage('ears', () => {
    markEarZone({ grid: volume, landmarks, nearBrain, headMask: head.mask }, earRegion, options.removeEars ? removalMask : undefined);
  });
  runStage('neck', () => {
    if (options.removeNeck) markNeckZone(volume, landmarks, removalMask);
  });
  timingsMs.total = performance.now() - started;
  return {
    removalMask,
    brainMask: brain.mask,
    headMask: head.mask,
    faceRegion,
    earRegion,
    facePlane,
    marginMm: options.marginMm,
    brainSurface: brain.surface,
    timingsMs,
  };
}

function validateInput(volume: ScaledVoxels, options: DefaceOptions): void {
  const [nx, ny, nz] = volume.dims;
  if (![nx, ny, nz].every((size) => Number.isInteger(size) && size > 0) || volume.stored.length !== nx * ny * nz) {
    throw new Error(`The volume is malformed: dims ${volume.dims.join('×')} do not match ${volume.stored.length} voxels.`);
  }
  if (Math.min(nx, ny, nz) < 8) throw new Error(`The volume is not 3-D enough to hold a head: dims ${volume.dims.join('×')}.`);
  if (!(options.marginMm >= 0 && options.marginMm <= MAX_MARGIN_MM)) {
    throw new Error(`marginMm must be between 0 and ${MAX_MARGIN_MM} mm, got ${options.marginMm}.`);
  }
}

/** World z of the highest voxel centre of the runs (the top of the head). */
function highestWorldZ(volume: GridGeometry, runs: RowRuns): number {
  const [, ny] = volume.dims;
  const a = volume.affine;
  const { rowStart, first, end } = runs;
  let highest = -Infinity;
  for (let row = 0; row + 1 < rowStart.length; row++) {
    const j = row % ny;
    const k = (row - j) / ny;
    const z0 = a[9] * j + a[10] * k + a[11];
    // z is linear along a run, so its highest voxel is one of the run's ends.
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) highest = Math.max(highest, z0 + a[8] * first[run], z0 + a[8] * (end[run] - 1));
  }
  return highest;
}
