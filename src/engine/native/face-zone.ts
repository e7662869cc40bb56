/**
 * Which voxels the face removal takes, in front of the brain's centre (behind it, under the plane,
 * are the brainstem and the back of the neck, not face):
 * - everything on the face side of the cutting plane lowered by the margin (Quickshear), and
 * - between that lowered plane and the plane itself (which touches the brain's hull), whatever is
 *   farther than the margin from the brain (a 3-D distance) and low enough to be an eye. The
 *   lowered plane alone kept 42 % of the phantom's eyes, which sit in front of the frontal lobe at
 *   its own height; the 3-D margin takes them and still never comes closer to the brain.
 * The height limit keeps the forehead: without it the cut reached ~1 cm above the brows on
 * mricron_chris_t1, where the plane is steep.
 */
import type { HeadAnalysis } from './grid.js';
import type { FacePlane } from './face-plane.js';
import { intersect, spanAbove } from './row-spans.js';

export interface FaceZoneInput extends HeadAnalysis {
  plane: FacePlane;
  marginMm: number;
}

/**
 * The face region estimate (for the self-check) is independent of the user's margin: head voxels
 * of the zone with a fixed 10 mm clearance, no more than 40 mm behind the frontal pole — eyes,
 * nose, mouth, chin and cheeks (> 99 % of the phantoms' noses and lips).
 */
const FACE_REGION_CLEARANCE_MM = 10;
const FACE_REGION_DEPTH_MM = 40;
/**
 * How far above the plane's touching point (the lowest frontal brain point) the margin-only zone
 * reaches. The phantom's eyes reach 15 mm above it; real eyes lie below it.
 */
const EYE_CEILING_ABOVE_TOUCH_MM = 18;
/**
 * Brain voxels are voxelised from a mesh whose every vertex is on or behind the plane; their centres
 * can lie in front of it only by the voxeliser's ray offset (< 0.002 mm). 1 mm covers that with room.
 */
const CERTAINLY_FAR_MM = 1;

/**
 * Marks the face voxels to remove (`removal`) and the estimated face (`faceRegion`), in place.
 *
 * @example
 * markFaceZone({ grid: volume, plane, landmarks, nearBrain, headMask, marginMm: 10 }, removal, faceRegion);
 */
export function markFaceZone(input: FaceZoneInput, removal: Uint8Array, faceRegion: Uint8Array): void {
  const { grid, plane, landmarks, nearBrain, headMask } = input;
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const [, normalY, normalZ] = plane.normal;
  const planeOffset = plane.point[1] * normalY + plane.point[2] * normalZ;
  const eyeCeiling = plane.point[2] + EYE_CEILING_ABOVE_TOUCH_MM;
  const { marginMm } = input;
  const removalFrontOf = landmarks.centre[1];
  const regionFrontOf = landmarks.max[1] - FACE_REGION_DEPTH_MM;
  const frontOf = Math.min(removalFrontOf, regionFrontOf);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      // Distance queries are per row and only made for rows that reach the zone.
      const row = j + ny * k;
      let nearMargin: Uint8Array | null = null;
      let nearRegion: Uint8Array | null = null;
      const y0 = a[5] * j + a[6] * k + a[7];
      const z0 = a[9] * j + a[10] * k + a[11];
      // Only the part of the row in front of the plane and of the brain's centre can be face.
      const depthSpan = spanAbove(y0 * normalY + z0 * normalZ - planeOffset, a[4] * normalY + a[8] * normalZ, nx);
      // Indexed, not destructured: this runs once per row, mostly before the function is optimised,
      // where destructuring goes through the array iterator (process CPU, cold: mridefacer_head_tmpl
      // 40–55 → 33–40 ms, mricron_ch2 61–88 → 53–86 ms).
      const span = intersect(depthSpan, spanAbove(y0 - frontOf, a[4], nx));
      for (let i = span[0]; i < span[1]; i++) {
        const index = row * nx + i;
        const y = y0 + a[4] * i;
        const z = z0 + a[8] * i;
        // Distance (mm) from the touching plane into the face side.
        const depth = y * normalY + z * normalZ - planeOffset;
        if (depth <= 0) continue;
        const belowEyeCeiling = z < eyeCeiling;
        // The brain lies behind the plane, so a voxel deeper than a clearance (plus CERTAINLY_FAR_MM)
        // is that far from the brain without asking.
        if (y > removalFrontOf && (depth > marginMm || belowEyeCeiling)) {
          if (depth > marginMm + CERTAINLY_FAR_MM) removal[index] = 1;
          else if ((nearMargin ??= nearBrain.rowWithin(row, marginMm))[i] === 0) removal[index] = 1;
        }
        if (headMask[index] === 1 && y > regionFrontOf && (depth > FACE_REGION_CLEARANCE_MM || belowEyeCeiling)) {
          if (depth > FACE_REGION_CLEARANCE_MM + CERTAINLY_FAR_MM) faceRegion[index] = 1;
          else if ((nearRegion ??= nearBrain.rowWithin(row, FACE_REGION_CLEARANCE_MM))[i] === 0) faceRegion[index] = 1;
        }
      }
    }
  }
}
