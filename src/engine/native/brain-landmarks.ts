/**
 * Where the brain is, summarised from its surface: the world-axis bounding box and its centre.
 * The face, ear and neck zones are placed relative to these.
 */
import type { Vec3 } from './face-plane.js';

export interface BrainLandmarks {
  /** Smallest world x, y, z of the surface (left, posterior, inferior ends). */
  min: Vec3;
  /** Largest world x, y, z (right side, frontal pole, vertex). */
  max: Vec3;
  /** Centre of the bounding box. */
  centre: Vec3;
}

/**
 * Bounding box of brain-surface vertices (world mm).
 *
 * @example
 * const { max } = brainLandmarks(surface.positions); // max[1]: the frontal pole's y
 */
export function brainLandmarks(positions: Float64Array): BrainLandmarks {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let offset = 0; offset < positions.length; offset += 3) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[offset + axis];
      if (value < min[axis]) min[axis] = value;
      if (value > max[axis]) max[axis] = value;
    }
  }
  return { min, max, centre: [0, 1, 2].map((axis) => (min[axis] + max[axis]) / 2) as Vec3 };
}
