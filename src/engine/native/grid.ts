/**
 * The voxel-grid vocabulary the engine's modules share, besides `src/volume/volume.ts`.
 */
import type { Affine } from '../../volume/volume.js';

export type Dims = readonly [number, number, number];

/** Something laid out on a voxel grid: its dims and its voxel → world (RAS+ mm) affine. */
export interface GridGeometry {
  dims: Dims;
  affine: Affine;
}
