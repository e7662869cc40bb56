/**
 * The Quickshear-style cutting plane (Schimke & Hale 2011): seen from the side (world y–z), the
 * face lies below the lower convex hull of the brain. The plane's slope is that of the lower hull
 * over the 25 mm behind the frontal pole (the underside of the frontal lobe, above the eyes), and
 * it is placed to touch the hull from below, so every brain-surface vertex is on or above it.
 */

export type Vec3 = [number, number, number];

export interface FacePlane {
  /** A point of the plane (world mm): the brain-surface vertex it touches. */
  point: Vec3;
  /** Unit normal pointing to the face side (anterior and inferior); its x component is 0. */
  normal: Vec3;
}

/**
 * How far behind the frontal pole the hull's slope is measured. The feasibility prototype found
 * that the single hull edge at the pole is near-vertical (it removed only the nose tip), while
 * 25 mm spans the orbitofrontal underside and removed the face on every test subject.
 */
const SLOPE_SPAN_MM = 25;
/**
 * Bounds of the plane's tilt from the axial plane (degrees, rising towards anterior). Measured on
 * the eight real heads, three templates and the phantoms: 50–65°. Far outside that the surface has
 * failed, and a bounded tilt keeps the cut sensible (steeper takes the forehead, flatter the neck).
 */
const MIN_TILT_DEGREES = 20;
const MAX_TILT_DEGREES = 70;

/**
 * The face plane from brain-surface vertices (world mm).
 *
 * @example
 * const plane = fitFacePlane(surface.positions);
 * signedDistanceToPlane(plane, x, y, z) > 0; // (x, y, z) is on the face side
 */
export function fitFacePlane(positions: Float64Array): FacePlane {
  const hull = lowerHullInSagittalView(positions);
  const [poleY, poleZ] = [hull[hull.length - 2], hull[hull.length - 1]];
  const behindZ = hullHeightAt(hull, poleY - SLOPE_SPAN_MM);
  const measuredTilt = Math.atan2(poleZ - behindZ, SLOPE_SPAN_MM);
  const tilt = Math.min(Math.max(measuredTilt, (MIN_TILT_DEGREES * Math.PI) / 180), (MAX_TILT_DEGREES * Math.PI) / 180);
  const slope = Math.tan(tilt);
  // Lower the line z = slope·y + offset until no vertex is below it.
  let offset = Infinity;
  let touching = 0;
  for (let vertex = 0; vertex < positions.length / 3; vertex++) {
    const candidate = positions[vertex * 3 + 2] - slope * positions[vertex * 3 + 1];
    if (candidate < offset) {
      offset = candidate;
      touching = vertex;
    }
  }
  const length = Math.hypot(slope, 1);
  return {
    point: [positions[touching * 3], positions[touching * 3 + 1], positions[touching * 3 + 2]],
    normal: [0, slope / length, -1 / length],
  };
}

/**
 * Signed distance (mm) of a world point from the plane; positive on the face side.
 *
 * @example
 * if (signedDistanceToPlane(plane, x, y, z) > 0) removal[index] = 1;
 */
export function signedDistanceToPlane(plane: FacePlane, x: number, y: number, z: number): number {
  const [px, py, pz] = plane.point;
  const [nx, ny, nz] = plane.normal;
  return (x - px) * nx + (y - py) * ny + (z - pz) * nz;
}

/** Lower convex hull of the vertices projected onto (y, z), as y, z pairs in ascending y. */
function lowerHullInSagittalView(positions: Float64Array): Float64Array {
  const count = positions.length / 3;
  const order = Array.from({ length: count }, (_, vertex) => vertex).sort(
    (a, b) => positions[a * 3 + 1] - positions[b * 3 + 1] || positions[a * 3 + 2] - positions[b * 3 + 2] || a - b,
  );
  const hull = new Float64Array(count * 2);
  let size = 0;
  for (const vertex of order) {
    const y = positions[vertex * 3 + 1];
    const z = positions[vertex * 3 + 2];
    while (size >= 2) {
      const ay = hull[size * 2 - 4];
      const az = hull[size * 2 - 3];
      const by = hull[size * 2 - 2];
      const bz = hull[size * 2 - 1];
      // Keep only left turns (counter-clockwise in the y–z plane): that is the lower chain.
      if ((by - ay) * (z - az) - (bz - az) * (y - ay) > 0) break;
      size--;
    }
    hull[size * 2] = y;
    hull[size * 2 + 1] = z;
    size++;
  }
  return hull.slice(0, size * 2);
}

/** Height of the lower hull at `y` (linear between hull points; clamped at the ends). */
function hullHeightAt(hull: Float64Array, y: number): number {
  if (y <= hull[0]) return hull[1];
  for (let point = 2; point < hull.length; point += 2) {
    if (hull[point] >= y) {
      const [ay, az, by, bz] = [hull[point - 2], hull[point - 1], hull[point], hull[point + 1]];
      return by === ay ? Math.min(az, bz) : az + ((bz - az) * (y - ay)) / (by - ay);
    }
  }
  return hull[hull.length - 1];
}
