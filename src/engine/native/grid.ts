/**
 * The voxel-grid vocabulary the engine's modules share, besides `src/volume/volume.ts`.
 */
import type { Affine } from '../../volume/volume.js';
import type { BrainLandmarks } from './brain-landmarks.js';
import type { MaskProximity } from './mask-proximity.js';

export type Dims = readonly [number, number, number];

/** Something laid out on a voxel grid: its dims and its voxel → world (RAS+ mm) affine. */
export interface GridGeometry {
  dims: Dims;
  affine: Affine;
}

/** What the face and ear zones are placed from: the head, the brain's landmarks and distance to the brain. */
export interface HeadAnalysis {
  grid: GridGeometry;
  landmarks: BrainLandmarks;
  /** Which voxels are within a distance of the brain mask. */
  nearBrain: MaskProximity;
  headMask: Uint8Array;
}
