/**
 * The ears: voxels beside the head, lateral to the temporal lobes, inside an elliptic window (in
 * the y–z plane) where ears are, and farther than a margin from the brain (so the skull over the
 * brain stays). The window is placed from the brain's top and front–back extent — the brain's
 * lowest point depends on how much brainstem the surface took, so it is not used.
 */
import type { HeadAnalysis } from './grid.js';
import { intersect, spanAbove, spanInsideEllipse } from './row-spans.js';

export type EarZoneInput = HeadAnalysis;

/**
 * Distance from the brain beyond which ear-zone voxels go. The phantom's ears start at the outer
 * skull surface, 8 mm from the brain (skull 6 + CSF 2): 8 mm removed ≥ 99.8 % of them at every
 * voxel size, 9 mm only 99.0 % at 3 mm, 10 mm 97–98 %.
 */
const EAR_CLEARANCE_MM = 8;
/** Lateral start of the zone, as a fraction of the brain's half-width from its mid-line. */
const LATERAL_FRACTION = 0.75;
/**
 * Window centre and radii, relative to the brain's top and front–back length L. From side renders
 * of the real heads and templates: ear centres lie ~10–25 mm behind the brain's centre and
 * ~0.55–0.70 L below its top, lobes down to ~0.8 L; the phantom's ears sit higher and further
 * forward (2 mm in front, 0.49 L). A first window sized on MNI152 alone (8 mm, 0.52 L, radii
 * 30/40 mm) missed the lobes of five real heads; this one holds every ear seen.
 */
const CENTRE_BEHIND_BRAIN_CENTRE_MM = 12;
const CENTRE_BELOW_TOP_PER_LENGTH = 0.6;
const RADIUS_FRONT_BACK_MM = 40;
const RADIUS_HEIGHT_MM = 52;

/**
 * Marks the ear zone into `earRegion` (head voxels only) and, when `removal` is given, every voxel
 * of the zone into `removal`.
 *
 * @example
 * markEarZone({ grid: volume, landmarks, nearBrain, headMask }, earRegion, options.removeEars ? removal : undefined);
 */
export function markEarZone(input: EarZoneInput, earRegion: Uint8Array, removal?: Uint8Array): void {
  const { grid, landmarks, nearBrain, headMask } = input;
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const { min, max, centre } = landmarks;
  const lateralStart = LATERAL_FRACTION * ((max[0] - min[0]) / 2);
  const earY = centre[1] - CENTRE_BEHIND_BRAIN_CENTRE_MM;
  const earZ = max[2] - CENTRE_BELOW_TOP_PER_LENGTH * (max[1] - min[1]);
  // The brain's voxels lie within its surface's x extent (up to the voxeliser's < 0.002 mm ray offset).
  const certainlyFar = (max[0] - min[0]) / 2 + EAR_CLEARANCE_MM + 1;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j + ny * k;
      let near: Uint8Array | null = null;
      const x0 = a[1] * j + a[2] * k + a[3];
      const y0 = a[5] * j + a[6] * k + a[7];
      const z0 = a[9] * j + a[10] * k + a[11];
      // Only the parts of the row inside the window and beside the brain can be ear.
      const u0 = (y0 - earY) / RADIUS_FRONT_BACK_MM;
      const window = spanInsideEllipse(u0, a[4] / RADIUS_FRONT_BACK_MM, (z0 - earZ) / RADIUS_HEIGHT_MM, a[8] / RADIUS_HEIGHT_MM, nx);
      const right = intersect(window, spanAbove(x0 - centre[0] - lateralStart, a[0], nx));
      const left = intersect(window, spanAbove(centre[0] - x0 - lateralStart, -a[0], nx));
      // Indexed, not `for (const [from, to] of [left, right])`: this runs once per row, mostly
      // before the function is optimised, where that allocates and goes through two iterators
      // (process CPU, cold: mridefacer_head_tmpl 27–36 → 20–32 ms; mricron_ch2 unchanged).
      for (let side = 0; side < 2; side++) {
        const span = side === 0 ? left : right;
        for (let i = span[0]; i < span[1]; i++) {
          const index = row * nx + i;
          const u = (y0 + a[4] * i - earY) / RADIUS_FRONT_BACK_MM;
          const w = (z0 + a[8] * i - earZ) / RADIUS_HEIGHT_MM;
          const lateral = Math.abs(x0 + a[0] * i - centre[0]);
          if (u * u + w * w > 1 || lateral < lateralStart) continue;
          // Beyond the brain's side by more than the clearance, no need to ask how near the brain is.
          if (lateral <= certainlyFar && (near ??= nearBrain.rowWithin(row, EAR_CLEARANCE_MM))[i] === 1) continue;
          if (headMask[index] === 1) earRegion[index] = 1;
          if (removal) removal[index] = 1;
        }
      }
    }
  }
}
