/**
 * Optional neck removal: everything well below the brain. The gap leaves the chin-to-skull-base
 * region to the face removal and keeps the brainstem's margin.
 */
import type { GridGeometry } from './grid.js';
import type { BrainLandmarks } from './brain-landmarks.js';

/** How far below the lowest brain-surface point the neck cut lies (mm). */
export const NECK_GAP_MM = 40;

/**
 * Marks every voxel more than NECK_GAP_MM below the brain's lowest point into `removal`.
 *
 * @example
 * if (options.removeNeck) markNeckZone(volume, landmarks, removal);
 */
export function markNeckZone(grid: GridGeometry, landmarks: BrainLandmarks, removal: Uint8Array): void {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const floor = landmarks.min[2] - NECK_GAP_MM;
  let index = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const z0 = a[9] * j + a[10] * k + a[11];
      for (let i = 0; i < nx; i++, index++) {
        if (z0 + a[8] * i < floor) removal[index] = 1;
      }
    }
  }
}
