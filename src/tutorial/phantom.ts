/**
 * A synthetic head phantom: the ground truth of the defacing engine's tests, and the heads of the
 * practice project (src/tutorial/), so no real person's data ships with Veil.
 *
 * The anatomy lives in world RAS millimetres (x → Right, y → Anterior, z → Superior), head near the
 * origin. A voxel grid of any orientation, obliquity and voxel size is laid over it and every voxel
 * centre is mapped through the affine into world space and labelled there, so the same head appears
 * in the same world place whatever the grid. Each voxel then gets a T1-like intensity (plus optional
 * bias field and Rician noise) stored in the requested NIfTI datatype.
 *
 * The labels are the ground truth the engine is tested against: the brain is enclosed by skull all
 * around (CSF 2 mm + skull 6 mm), and the face (eyes, nose, lips) and ears lie outside the skull, so
 * a defacing that removes exactly the face and ears can never touch the brain.
 */

/** Tissue labels of the phantom (values stored in `Phantom.labels`). */
export const TISSUE = {
  background: 0,
  skin: 1,
  fat: 2,
  skull: 3,
  csf: 4,
  brain: 5,
  whiteMatter: 6,
  eye: 7,
  nose: 8,
  lips: 9,
  ear: 10,
  muscle: 11,
  neck: 12,
} as const;

export type TissueName = keyof typeof TISSUE;
export type TissueLabel = (typeof TISSUE)[TissueName];

/** T1-weighted relative intensity per tissue (fraction of the datatype's maximum intensity). */
export const T1_INTENSITY: Readonly<Record<TissueName, number>> = {
  background: 0,
  skin: 0.7,
  fat: 1.0,
  skull: 0.08,
  csf: 0.15,
  brain: 0.65,
  whiteMatter: 0.85,
  eye: 0.2,
  nose: 0.6,
  lips: 0.6,
  ear: 0.6,
  muscle: 0.6,
  neck: 0.6,
};

export type Vec3 = [number, number, number];
/** 4×4 row-major matrix mapping voxel indices (i, j, k, 1) to world millimetres (x, y, z, 1). */
export type Affine = number[][];

export type PhantomDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** The typed array that holds each datatype's voxels. */
export interface DatatypeArrays {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** Rotation of the voxel grid about the world axes, in degrees (applied x first, then y, then z). */
export interface ObliqueDegrees {
  x?: number;
  y?: number;
  z?: number;
}

export interface PhantomOptions<D extends PhantomDatatype = PhantomDatatype> {
  /** Voxel size in mm along voxel axes i, j, k. Default [1, 1, 1]. */
  voxelSize?: Vec3;
  /** Letter n = world direction voxel axis n increases toward, e.g. 'RAS', 'LPS', 'PSR'. Default 'RAS'. */
  orientation?: string;
  /** Rotation of the grid about world axes (degrees). Default none. */
  obliqueDegrees?: ObliqueDegrees;
  /** Storage datatype. Default 'int16'. */
  datatype?: D;
  /** NIfTI scaling: intensity = stored × slope + inter. Default 1 and 0. */
  sclSlope?: number;
  sclInter?: number;
  /** Intensity of the brightest tissue (fat); default depends on the datatype (int16: 1000, uint8: 250). */
  maxIntensity?: number;
  /** Rician noise standard deviation, as a fraction of `maxIntensity`. Default 0.02. */
  noiseSigma?: number;
  /** Seed of the noise generator; the same seed gives the same voxels. Default 1. */
  seed?: number;
  /** Amplitude of a smooth multiplicative bias field (0.2 = ±20 %). Default 0 (none). */
  biasField?: number;
  /** Size in mm of the imaged box along world x, y, z. Default: head and ears + 10 mm, neck down to z = −130. */
  fieldOfView?: Vec3;
  /** World centre of the imaged box. Default: the default box's centre, moved with `translate`. */
  fieldOfViewCenter?: Vec3;
  /** Shift of the head in world mm. The default field of view follows the head. Default [0, 0, 0]. */
  translate?: Vec3;
}

export interface Phantom<D extends PhantomDatatype = PhantomDatatype> {
  dims: Vec3;
  voxelSize: Vec3;
  affine: Affine;
  orientation: string;
  obliqueDegrees: Required<ObliqueDegrees>;
  datatype: D;
  /** Stored voxel values, x (i) fastest, then j, then k: NIfTI order. */
  data: DatatypeArrays[D];
  labels: Uint8Array;
  /** 1 where the label is brain or white matter: the known brain mask. */
  brainMask: Uint8Array;
  /** 1 on eyes, nose and lips. */
  faceMask: Uint8Array;
  /** 1 on the ears. */
  earMask: Uint8Array;
  sclSlope: number;
  sclInter: number;
  maxIntensity: number;
  seed: number;
  translate: Vec3;
  fieldOfView: { center: Vec3; size: Vec3 };
}

// ---------------------------------------------------------------------------------------------
// Anatomy (head-local world mm; the head is placed at `translate`)
// ---------------------------------------------------------------------------------------------

/**
 * The phantom's anatomy. Everything is a simple implicit shape so labelling is a few arithmetic
 * operations per voxel; sizes are those of an average adult.
 */
export const ANATOMY = {
  /** Outer surface of the skull, an ellipsoid; the brain is this shape shrunk by skull + CSF. */
  cranium: { center: [0, -10, 15], skullOuterRadii: [76, 93, 68] },
  /** Thickness of each shell in mm, from the outside in. */
  layers: { skin: 2, fat: 3, skull: 6, csf: 2 },
  whiteMatterRadii: [50, 66, 42],
  /** Globes at x = ±32; each sits in an orbit (radius 16) carved out of the skull. */
  eyes: { center: [32, 80, -10], radius: 12, orbitRadius: 16 },
  nose: { center: [0, 92, -36], radii: [13, 24, 20] },
  lips: { center: [0, 94, -66], radii: [24, 8, 7] },
  /** Ears at x = ±82, flat ellipsoids sticking out of the scalp. */
  ears: { center: [82, -8, -8], radii: [9, 15, 28] },
  /** Lower face and jaw: a superellipsoid (|u|⁴ + v² + |w|⁴ = 1), flat in front like a face. */
  face: { center: [0, 28, -42], radii: [62, 64, 60] },
  /** A vertical cylinder from below the skull base down through the bottom of any field of view. */
  neck: { center: [0, -15], radius: 52, top: -30 },
} as const;

const [CRANIUM_X, CRANIUM_Y, CRANIUM_Z] = ANATOMY.cranium.center;
const [SKULL_A, SKULL_B, SKULL_C] = ANATOMY.cranium.skullOuterRadii;
const { skin: SKIN_MM, fat: FAT_MM, skull: SKULL_MM, csf: CSF_MM } = ANATOMY.layers;
const SCALP_MM = SKIN_MM + FAT_MM;
const BRAIN_DEPTH_MM = SKULL_MM + CSF_MM;
const [WM_A, WM_B, WM_C] = ANATOMY.whiteMatterRadii;
const [EYE_X, EYE_Y, EYE_Z] = ANATOMY.eyes.center;
const { radius: EYE_R, orbitRadius: ORBIT_R } = ANATOMY.eyes;
const [NOSE_X, NOSE_Y, NOSE_Z] = ANATOMY.nose.center;
const [NOSE_A, NOSE_B, NOSE_C] = ANATOMY.nose.radii;
const [LIPS_X, LIPS_Y, LIPS_Z] = ANATOMY.lips.center;
const [LIPS_A, LIPS_B, LIPS_C] = ANATOMY.lips.radii;
const [EAR_X, EAR_Y, EAR_Z] = ANATOMY.ears.center;
const [EAR_A, EAR_B, EAR_C] = ANATOMY.ears.radii;
const [FACE_X, FACE_Y, FACE_Z] = ANATOMY.face.center;
const [FACE_A, FACE_B, FACE_C] = ANATOMY.face.radii;
const [NECK_X, NECK_Y] = ANATOMY.neck.center;
const { radius: NECK_R, top: NECK_TOP } = ANATOMY.neck;

/** Lowest z of the default field of view: the neck is imaged down to here. */
const DEFAULT_FOV_BOTTOM_Z = -130;
const DEFAULT_FOV_MARGIN_MM = 10;

interface Box {
  min: Vec3;
  max: Vec3;
}

/** Axis-aligned box around centre ± half-sizes. */
function boxAround(center: readonly number[], halfSizes: readonly number[]): Box {
  return {
    min: [0, 1, 2].map((axis) => center[axis] - halfSizes[axis]) as Vec3,
    max: [0, 1, 2].map((axis) => center[axis] + halfSizes[axis]) as Vec3,
  };
}

/**
 * Head-local boxes around each body part; every point outside all of them is background. Voxel
 * rows are clipped against them so most of the empty field of view is never evaluated.
 */
const PART_BOXES: readonly Box[] = [
  boxAround(ANATOMY.cranium.center, [SKULL_A + SCALP_MM, SKULL_B + SCALP_MM, SKULL_C + SCALP_MM]),
  boxAround([0, EYE_Y, EYE_Z], [EYE_X + ORBIT_R, ORBIT_R, ORBIT_R]),
  boxAround(ANATOMY.face.center, ANATOMY.face.radii),
  boxAround(ANATOMY.nose.center, ANATOMY.nose.radii),
  boxAround(ANATOMY.lips.center, ANATOMY.lips.radii),
  boxAround(ANATOMY.ears.center, ANATOMY.ears.radii),
  boxAround([-EAR_X, EAR_Y, EAR_Z], ANATOMY.ears.radii),
  // The neck has no floor: it runs down through the bottom of any field of view.
  { min: [NECK_X - NECK_R, NECK_Y - NECK_R, -Infinity], max: [NECK_X + NECK_R, NECK_Y + NECK_R, NECK_TOP] },
];

/** The hull of all parts: what the default field of view frames. */
const HEAD_HULL: Box = {
  min: [0, 1, 2].map((axis) => Math.min(...PART_BOXES.map((box) => box.min[axis]))) as Vec3,
  max: [0, 1, 2].map((axis) => Math.max(...PART_BOXES.map((box) => box.max[axis]))) as Vec3,
};

/**
 * Margin (mm) added to the part boxes when clipping: the approximate distance functions are not
 * exact away from the axes, so a shell could reach a hair beyond its nominal box.
 */
const CLIP_MARGIN_MM = 3;
const CLIP_BOXES: readonly Box[] = PART_BOXES.map((box) => ({
  min: box.min.map((value) => value - CLIP_MARGIN_MM) as Vec3,
  max: box.max.map((value) => value + CLIP_MARGIN_MM) as Vec3,
}));

function insideAnyClipBox(x: number, y: number, z: number): boolean {
  return CLIP_BOXES.some(
    ({ min, max }) => x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1] && z >= min[2] && z <= max[2],
  );
}

/**
 * Approximate signed distance (mm, negative inside) to an ellipsoid's surface: the implicit
 * function divided by its gradient, exact on the axes and first-order accurate near the surface,
 * which is where the 2–8 mm shells are cut.
 */
function ellipsoidSdf(dx: number, dy: number, dz: number, a: number, b: number, c: number): number {
  const u = dx / a;
  const v = dy / b;
  const w = dz / c;
  const q = Math.sqrt(u * u + v * v + w * w);
  const gx = u / a;
  const gy = v / b;
  const gz = w / c;
  const gradient = Math.sqrt(gx * gx + gy * gy + gz * gz);
  return gradient > 0 ? ((q - 1) * q) / gradient : -Math.min(a, b, c);
}

function insideEllipsoid(dx: number, dy: number, dz: number, a: number, b: number, c: number): boolean {
  const u = dx / a;
  const v = dy / b;
  const w = dz / c;
  return u * u + v * v + w * w < 1;
}

/** Approximate signed distance to the face superellipsoid |u|⁴ + v² + |w|⁴ = 1. */
function faceSdf(x: number, y: number, z: number): number {
  const u = (x - FACE_X) / FACE_A;
  const v = (y - FACE_Y) / FACE_B;
  const w = (z - FACE_Z) / FACE_C;
  const u2 = u * u;
  const w2 = w * w;
  const implicit = u2 * u2 + v * v + w2 * w2 - 1;
  const gx = (4 * u2 * u) / FACE_A;
  const gy = (2 * v) / FACE_B;
  const gz = (4 * w2 * w) / FACE_C;
  const gradient = Math.sqrt(gx * gx + gy * gy + gz * gz);
  return gradient > 0 ? implicit / gradient : -FACE_B;
}

/** Skull, CSF or brain, from the signed distance to the (orbit-carved) outer skull surface. */
function cranialTissue(cranialSdf: number, x: number, y: number, z: number): TissueLabel {
  if (cranialSdf >= -SKULL_MM) return TISSUE.skull;
  if (cranialSdf >= -BRAIN_DEPTH_MM) return TISSUE.csf;
  return insideEllipsoid(x - CRANIUM_X, y - CRANIUM_Y, z - CRANIUM_Z, WM_A, WM_B, WM_C) ? TISSUE.whiteMatter : TISSUE.brain;
}

/**
 * Skin, fat or the interior of the soft-tissue bodies (scalp, face, neck). Their union's depth is
 * the largest depth in any of them, so skin lines only the outside of the whole head.
 */
function softTissue(skullSdf: number, faceDepth: number, x: number, y: number, z: number): TissueLabel {
  const scalpDepth = SCALP_MM - skullSdf;
  const neckDx = x - NECK_X;
  const neckDy = y - NECK_Y;
  const neckRadial = Math.sqrt(neckDx * neckDx + neckDy * neckDy); // not Math.hypot: it is several times slower
  const neckDepth = Math.min(NECK_R - neckRadial, NECK_TOP - z);
  const depth = Math.max(scalpDepth, faceDepth, neckDepth);
  if (depth <= 0) return TISSUE.background;
  if (depth < SKIN_MM) return TISSUE.skin;
  if (depth < SCALP_MM) return TISSUE.fat;
  if (depth === faceDepth) return TISSUE.muscle;
  if (depth === neckDepth) return TISSUE.neck;
  return TISSUE.fat;
}

/**
 * The tissue at a head-local world point. Order matters: the cranial vault first (so nothing
 * facial can ever be labelled inside the skull), then the orbit contents, the facial features and
 * ears, and last the skin/fat/muscle of the soft tissue.
 */
function tissueAt(x: number, y: number, z: number): TissueLabel {
  const skullSdf = ellipsoidSdf(x - CRANIUM_X, y - CRANIUM_Y, z - CRANIUM_Z, SKULL_A, SKULL_B, SKULL_C);
  const eyeDx = Math.abs(x) - EYE_X;
  const eyeDy = y - EYE_Y;
  const eyeDz = z - EYE_Z;
  const eyeDistance = Math.sqrt(eyeDx * eyeDx + eyeDy * eyeDy + eyeDz * eyeDz);
  // The orbits are subtracted from the cranium (CSG difference), so the skull wraps around them
  // and the brain keeps its 8 mm of CSF + skull from the eyes too.
  const cranialSdf = Math.max(skullSdf, ORBIT_R - eyeDistance);
  if (cranialSdf < 0) return cranialTissue(cranialSdf, x, y, z);

  if (eyeDistance < EYE_R) return TISSUE.eye;
  if (eyeDistance <= ORBIT_R && eyeDy < 0) return TISSUE.fat; // retro-orbital fat, behind the globe

  const faceDepth = -faceSdf(x, y, z);
  // Nose and lips are what sticks out of the face; deeper in they are face muscle.
  if (faceDepth < SCALP_MM) {
    if (insideEllipsoid(x - NOSE_X, y - NOSE_Y, z - NOSE_Z, NOSE_A, NOSE_B, NOSE_C)) return TISSUE.nose;
    if (insideEllipsoid(x - LIPS_X, y - LIPS_Y, z - LIPS_Z, LIPS_A, LIPS_B, LIPS_C)) return TISSUE.lips;
  }
  if (insideEllipsoid(Math.abs(x) - EAR_X, y - EAR_Y, z - EAR_Z, EAR_A, EAR_B, EAR_C)) return TISSUE.ear;
  return softTissue(skullSdf, faceDepth, x, y, z);
}

// ---------------------------------------------------------------------------------------------
// Grid geometry
// ---------------------------------------------------------------------------------------------

type Mat3 = [Vec3, Vec3, Vec3];

const DIRECTION_OF_LETTER: Readonly<Record<string, Vec3>> = {
  R: [1, 0, 0],
  L: [-1, 0, 0],
  A: [0, 1, 0],
  P: [0, -1, 0],
  S: [0, 0, 1],
  I: [0, 0, -1],
};

/**
 * Parses a 3-letter axis code into the world unit direction of each voxel axis, refusing codes that
 * do not name each of L/R, A/P and S/I exactly once.
 *
 * @example
 * orientationDirections('PSR'); // [[0,-1,0], [0,0,1], [1,0,0]]: i → Posterior, j → Superior, k → Right
 * orientationDirections('RRA'); // throws: R/L used twice, S/I missing
 */
export function orientationDirections(code: string): Mat3 {
  const letters = code.toUpperCase();
  const directions = [...letters].map((letter) => DIRECTION_OF_LETTER[letter]);
  const worldAxesUsed = new Set(directions.map((direction) => direction?.findIndex((component) => component !== 0)));
  if (letters.length !== 3 || directions.some((direction) => direction === undefined) || worldAxesUsed.size !== 3) {
    throw new Error(
      `Invalid orientation '${code}': expected 3 letters naming each of L/R, A/P and S/I exactly once (e.g. 'RAS', 'LPS', 'PSR').`,
    );
  }
  return directions.map((direction) => [...(direction as Vec3)]) as Mat3;
}

function rotationAbout(axis: 0 | 1 | 2, degrees: number): Mat3 {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [2, 0] : [0, 1];
  const matrix: Mat3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  matrix[a][a] = cos;
  matrix[a][b] = -sin;
  matrix[b][a] = sin;
  matrix[b][b] = cos;
  return matrix;
}

function multiply3(left: Mat3, right: Mat3): Mat3 {
  const product: Mat3 = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 3; column++) {
      product[row][column] = left[row][0] * right[0][column] + left[row][1] * right[1][column] + left[row][2] * right[2][column];
    }
  }
  return product;
}

/** Rz · Ry · Rx: the grid is tilted about x first, then y, then z, all about fixed world axes. */
function obliqueRotation(oblique: Required<ObliqueDegrees>): Mat3 {
  return multiply3(rotationAbout(2, oblique.z), multiply3(rotationAbout(1, oblique.y), rotationAbout(0, oblique.x)));
}

function defaultFieldOfView(translate: Vec3): { center: Vec3; size: Vec3 } {
  const min = [0, 1, 2].map((axis) => HEAD_HULL.min[axis] - DEFAULT_FOV_MARGIN_MM + translate[axis]);
  const max = [0, 1, 2].map((axis) => HEAD_HULL.max[axis] + DEFAULT_FOV_MARGIN_MM + translate[axis]);
  min[2] = DEFAULT_FOV_BOTTOM_Z + translate[2];
  return {
    center: [0, 1, 2].map((axis) => (min[axis] + max[axis]) / 2) as Vec3,
    size: [0, 1, 2].map((axis) => max[axis] - min[axis]) as Vec3,
  };
}

interface Grid {
  dims: Vec3;
  affine: Affine;
}

/**
 * Sizes the grid so it covers the (world-aligned) field-of-view box whatever the grid's rotation,
 * and places it so the grid's centre lands on the box's centre.
 */
function buildGrid(voxelSize: Vec3, axes: Mat3, fov: { center: Vec3; size: Vec3 }): Grid {
  // axes[n] is the world unit vector of voxel axis n; a box's extent along a unit vector u is Σ|u_m|·size_m.
  const dims = axes.map((axis, n) => {
    const extent = axis.reduce((sum, component, m) => sum + Math.abs(component) * fov.size[m], 0);
    return Math.max(1, Math.ceil(extent / voxelSize[n] - 1e-6));
  }) as Vec3;
  const affine: Affine = [0, 1, 2].map((row) => {
    const linear = axes.map((axis, n) => axis[row] * voxelSize[n]);
    const offset = fov.center[row] - linear.reduce((sum, value, n) => sum + value * ((dims[n] - 1) / 2), 0);
    return [...linear, offset];
  });
  affine.push([0, 0, 0, 1]);
  return { dims, affine };
}

/**
 * The range of t for which the line p0 + t·step is inside a box (slab method); tMin > tMax when
 * the line misses it.
 */
function lineBoxOverlap(p0: Vec3, step: Vec3, box: Box): [number, number] {
  let tMin = -Infinity;
  let tMax = Infinity;
  for (let axis = 0; axis < 3; axis++) {
    if (Math.abs(step[axis]) < 1e-12) {
      if (p0[axis] < box.min[axis] || p0[axis] > box.max[axis]) return [1, 0];
      continue;
    }
    const tLow = (box.min[axis] - p0[axis]) / step[axis];
    const tHigh = (box.max[axis] - p0[axis]) / step[axis];
    tMin = Math.max(tMin, Math.min(tLow, tHigh));
    tMax = Math.min(tMax, Math.max(tLow, tHigh));
  }
  return [tMin, tMax];
}

/**
 * The first and last voxel index of a grid row that can be inside a body part: the hull of the
 * row's overlaps with the part boxes. Rows that miss every part are skipped entirely.
 */
function rowSpanInsideHead(p0: Vec3, step: Vec3, length: number): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (const box of CLIP_BOXES) {
    const [tMin, tMax] = lineBoxOverlap(p0, step, box);
    if (tMin > tMax) continue;
    first = Math.min(first, tMin);
    last = Math.max(last, tMax);
  }
  return [Math.max(0, Math.ceil(first)), Math.min(length - 1, Math.floor(last))];
}

/** Labels every voxel by its centre's tissue in (head-local) world space. */
function labelGrid(grid: Grid, translate: Vec3): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const labels = new Uint8Array(nx * ny * nz);
  const step: Vec3 = [a[0][0], a[1][0], a[2][0]];
  const rowStart: Vec3 = [0, 0, 0];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let row = 0; row < 3; row++) rowStart[row] = a[row][1] * j + a[row][2] * k + a[row][3] - translate[row];
      const [first, last] = rowSpanInsideHead(rowStart, step, nx);
      const offset = (k * ny + j) * nx;
      for (let i = first; i <= last; i++) {
        labels[offset + i] = tissueAt(rowStart[0] + step[0] * i, rowStart[1] + step[1] * i, rowStart[2] + step[2] * i);
      }
    }
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// Intensities
// ---------------------------------------------------------------------------------------------

interface DatatypeSpec {
  min: number;
  max: number;
  integer: boolean;
  defaultMaxIntensity: number;
  create(length: number): DatatypeArrays[PhantomDatatype];
}

const DATATYPES: Readonly<Record<PhantomDatatype, DatatypeSpec>> = {
  uint8: { min: 0, max: 255, integer: true, defaultMaxIntensity: 250, create: (n) => new Uint8Array(n) },
  int8: { min: -128, max: 127, integer: true, defaultMaxIntensity: 120, create: (n) => new Int8Array(n) },
  int16: { min: -32768, max: 32767, integer: true, defaultMaxIntensity: 1000, create: (n) => new Int16Array(n) },
  uint16: { min: 0, max: 65535, integer: true, defaultMaxIntensity: 1000, create: (n) => new Uint16Array(n) },
  int32: { min: -2147483648, max: 2147483647, integer: true, defaultMaxIntensity: 1000, create: (n) => new Int32Array(n) },
  uint32: { min: 0, max: 4294967295, integer: true, defaultMaxIntensity: 1000, create: (n) => new Uint32Array(n) },
  float32: { min: -3.4028234663852886e38, max: 3.4028234663852886e38, integer: false, defaultMaxIntensity: 1000, create: (n) => new Float32Array(n) },
  float64: { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, integer: false, defaultMaxIntensity: 1000, create: (n) => new Float64Array(n) },
};

/** mulberry32: a tiny, fast, seedable PRNG; each call returns 32 random bits as an unsigned integer. */
function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 * Used once, to tabulate Gaussian quantiles.
 */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * 65 536 equiprobable Gaussian quantiles: one 32-bit random number then gives two independent
 * normal deviates by table lookup (16 bits each), far cheaper per voxel than Box–Muller. The
 * distribution is exact to ~4.3 σ, which is all image noise needs.
 */
const GAUSSIAN_TABLE: Float64Array = (() => {
  const size = 1 << 16;
  const table = new Float64Array(size);
  for (let index = 0; index < size; index++) table[index] = normalQuantile((index + 0.5) / size);
  return table;
})();

/** A smooth, low-order field in [−1, 1] over the head (coordinates head-local, mm). */
function biasShape(x: number, y: number, z: number): number {
  const u = (x - CRANIUM_X) / 100;
  const v = (y - CRANIUM_Y) / 100;
  const w = (z - CRANIUM_Z) / 100;
  const value = 0.5 * u + 0.4 * v + 0.3 * w - 0.2 * (u * u + w * w);
  return Math.max(-1, Math.min(1, value));
}

interface IntensityPlan {
  datatype: PhantomDatatype;
  maxIntensity: number;
  sclSlope: number;
  sclInter: number;
  noiseSigma: number;
  seed: number;
  biasField: number;
}

/**
 * Turns labels into stored voxel values: T1 level × bias, Rician noise (the magnitude of a complex
 * signal with Gaussian noise in both channels, as in real magnitude MR images, so the background
 * is not zero), then the inverse of the NIfTI scaling, rounding and clamping to the datatype.
 * Each row is computed in a Float64Array and copied with `set`, so the hot loop stays monomorphic
 * whatever the output type; clamping first makes that conversion exact.
 */
function synthesizeData(labels: Uint8Array, grid: Grid, translate: Vec3, plan: IntensityPlan): DatatypeArrays[PhantomDatatype] {
  const spec = DATATYPES[plan.datatype];
  const data = spec.create(labels.length);
  const levels = new Float64Array(256);
  for (const name of Object.keys(TISSUE) as TissueName[]) levels[TISSUE[name]] = T1_INTENSITY[name] * plan.maxIntensity;
  const sigma = plan.noiseSigma * plan.maxIntensity;
  const random = seededUint32(plan.seed);
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const row = new Float64Array(nx);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const offset = (k * ny + j) * nx;
      const x0 = a[0][1] * j + a[0][2] * k + a[0][3] - translate[0];
      const y0 = a[1][1] * j + a[1][2] * k + a[1][3] - translate[1];
      const z0 = a[2][1] * j + a[2][2] * k + a[2][3] - translate[2];
      for (let i = 0; i < nx; i++) {
        const label = labels[offset + i];
        let signal = levels[label];
        if (plan.biasField !== 0 && label !== TISSUE.background) {
          const bias = biasShape(x0 + a[0][0] * i, y0 + a[1][0] * i, z0 + a[2][0] * i);
          signal *= Math.max(0, 1 + plan.biasField * bias);
        }
        if (sigma > 0) {
          const bits = random();
          const real = signal + sigma * GAUSSIAN_TABLE[bits >>> 16];
          const imaginary = sigma * GAUSSIAN_TABLE[bits & 0xffff];
          signal = Math.sqrt(real * real + imaginary * imaginary);
        }
        let stored = (signal - plan.sclInter) / plan.sclSlope;
        if (spec.integer) stored = Math.round(stored);
        row[i] = stored < spec.min ? spec.min : stored > spec.max ? spec.max : stored;
      }
      data.set(row, offset);
    }
  }
  return data;
}

/** The brain, face and ear masks in one pass over the labels. */
function masksOf(labels: Uint8Array): { brainMask: Uint8Array; faceMask: Uint8Array; earMask: Uint8Array } {
  // One lookup per voxel: bit 0 brain, bit 1 face, bit 2 ear.
  const bits = new Uint8Array(256);
  bits[TISSUE.brain] = bits[TISSUE.whiteMatter] = 1;
  bits[TISSUE.eye] = bits[TISSUE.nose] = bits[TISSUE.lips] = 2;
  bits[TISSUE.ear] = 4;
  const brainMask = new Uint8Array(labels.length);
  const faceMask = new Uint8Array(labels.length);
  const earMask = new Uint8Array(labels.length);
  for (let index = 0; index < labels.length; index++) {
    const member = bits[labels[index]];
    if (member === 0) continue;
    brainMask[index] = member & 1;
    faceMask[index] = (member >> 1) & 1;
    earMask[index] = member >> 2;
  }
  return { brainMask, faceMask, earMask };
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function validateVoxelSize(voxelSize: Vec3): void {
  if (voxelSize.length !== 3 || voxelSize.some((size) => !Number.isFinite(size) || size <= 0)) {
    throw new Error(`Invalid voxelSize [${voxelSize.join(', ')}]: expected 3 positive millimetre sizes.`);
  }
}

function validateScaling(sclSlope: number, sclInter: number): void {
  if (!Number.isFinite(sclSlope) || sclSlope === 0 || !Number.isFinite(sclInter)) {
    throw new Error(`Invalid scaling slope ${sclSlope} / intercept ${sclInter}: the slope must be finite and non-zero.`);
  }
}

/**
 * Builds a synthetic T1-weighted head: labels, known masks and stored voxel values, on a grid of the
 * requested orientation, obliquity, voxel size and datatype.
 *
 * @example
 * const phantom = generatePhantom({ voxelSize: [2, 2, 2], orientation: 'PSR', datatype: 'float32' });
 * phantom.data;      // Float32Array, length = dims[0] * dims[1] * dims[2]
 * phantom.brainMask; // 1 on brain and white matter
 */
export function generatePhantom<D extends PhantomDatatype = 'int16'>(options: PhantomOptions<D> = {}): Phantom<D> {
  const voxelSize: Vec3 = [...(options.voxelSize ?? [1, 1, 1])];
  validateVoxelSize(voxelSize);
  const orientation = (options.orientation ?? 'RAS').toUpperCase();
  const directions = orientationDirections(orientation);
  const obliqueDegrees = { x: options.obliqueDegrees?.x ?? 0, y: options.obliqueDegrees?.y ?? 0, z: options.obliqueDegrees?.z ?? 0 };
  const datatype = (options.datatype ?? 'int16') as D;
  if (!(datatype in DATATYPES)) throw new Error(`Unsupported datatype '${datatype}'.`);
  const sclSlope = options.sclSlope ?? 1;
  const sclInter = options.sclInter ?? 0;
  validateScaling(sclSlope, sclInter);
  const translate: Vec3 = [...(options.translate ?? [0, 0, 0])];
  const fallbackFov = defaultFieldOfView(translate);
  const fieldOfView = { center: options.fieldOfViewCenter ?? fallbackFov.center, size: options.fieldOfView ?? fallbackFov.size };

  const rotation = obliqueRotation(obliqueDegrees);
  const axes = directions.map((direction) => multiplyVector(rotation, direction)) as Mat3;
  const grid = buildGrid(voxelSize, axes, fieldOfView);
  const labels = labelGrid(grid, translate);
  const plan: IntensityPlan = {
    datatype,
    maxIntensity: options.maxIntensity ?? DATATYPES[datatype].defaultMaxIntensity,
    sclSlope,
    sclInter,
    noiseSigma: options.noiseSigma ?? 0.02,
    seed: options.seed ?? 1,
    biasField: options.biasField ?? 0,
  };
  return {
    dims: grid.dims,
    voxelSize,
    affine: grid.affine,
    orientation,
    obliqueDegrees,
    datatype,
    data: synthesizeData(labels, grid, translate, plan) as DatatypeArrays[D],
    labels,
    ...masksOf(labels),
    sclSlope,
    sclInter,
    maxIntensity: plan.maxIntensity,
    seed: plan.seed,
    translate,
    fieldOfView,
  };
}

function multiplyVector(matrix: Mat3, vector: Vec3): Vec3 {
  return [0, 1, 2].map((row) => matrix[row][0] * vector[0] + matrix[row][1] * vector[1] + matrix[row][2] * vector[2]) as Vec3;
}

/**
 * Maps voxel indices (fractional allowed) to world millimetres.
 *
 * @example
 * voxelToWorld(phantom.affine, 0, 0, 0); // world position of the first voxel's centre
 */
export function voxelToWorld(affine: Affine, i: number, j: number, k: number): Vec3 {
  return [0, 1, 2].map((row) => affine[row][0] * i + affine[row][1] * j + affine[row][2] * k + affine[row][3]) as Vec3;
}

/**
 * Maps world millimetres to (fractional) voxel indices: the inverse of `voxelToWorld`.
 *
 * @example
 * const [i, j, k] = worldToVoxel(phantom.affine, 0, 0, 0).map(Math.round); // voxel at the world origin
 */
export function worldToVoxel(affine: Affine, x: number, y: number, z: number): Vec3 {
  const [[a, b, c], [d, e, f], [g, h, m]] = affine;
  const determinant = a * (e * m - f * h) - b * (d * m - f * g) + c * (d * h - e * g);
  if (Math.abs(determinant) < 1e-12) throw new Error('The affine is singular: it has no inverse.');
  const inverse: Mat3 = [
    [(e * m - f * h) / determinant, (c * h - b * m) / determinant, (b * f - c * e) / determinant],
    [(f * g - d * m) / determinant, (a * m - c * g) / determinant, (c * d - a * f) / determinant],
    [(d * h - e * g) / determinant, (b * g - a * h) / determinant, (a * e - b * d) / determinant],
  ];
  return multiplyVector(inverse, [x - affine[0][3], y - affine[1][3], z - affine[2][3]]);
}

/**
 * The tissue at a world point of a phantom made with `translate` (default none), without a grid:
 * the ground truth a test can probe anywhere.
 *
 * @example
 * tissueAtWorld([0, -10, 15]) === TISSUE.whiteMatter; // the centre of the brain
 */
export function tissueAtWorld(point: Vec3, translate: Vec3 = [0, 0, 0]): TissueLabel {
  const [x, y, z] = [point[0] - translate[0], point[1] - translate[1], point[2] - translate[2]];
  return insideAnyClipBox(x, y, z) ? tissueAt(x, y, z) : TISSUE.background;
}

/**
 * Number of voxels of each tissue.
 *
 * @example
 * countLabels(phantom).brain; // grey-matter voxels
 */
export function countLabels(phantom: Pick<Phantom, 'labels'>): Record<TissueName, number> {
  const histogram = new Float64Array(256);
  for (let index = 0; index < phantom.labels.length; index++) histogram[phantom.labels[index]]++;
  const counts = {} as Record<TissueName, number>;
  for (const name of Object.keys(TISSUE) as TissueName[]) counts[name] = histogram[TISSUE[name]];
  return counts;
}

/**
 * World-space centroid (mm) of the voxels whose label is one of `members` and, optionally, whose
 * centre passes `where` (world mm); null when there are none.
 *
 * @example
 * worldCentroid(phantom, [TISSUE.nose]);                           // e.g. [0, 102, -35]
 * worldCentroid(phantom, [TISSUE.ear], ([x]) => x > 0);            // the right ear only
 */
export function worldCentroid(
  phantom: Pick<Phantom, 'labels' | 'dims' | 'affine'>,
  members: readonly number[],
  where?: (world: Vec3) => boolean,
): Vec3 | null {
  const isMember = new Uint8Array(256);
  for (const label of members) isMember[label] = 1;
  const [nx, ny, nz] = phantom.dims;
  const sum: Vec3 = [0, 0, 0];
  let count = 0;
  for (let k = 0, index = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, index++) {
        if (!isMember[phantom.labels[index]]) continue;
        // The affine is linear, so summing indices and mapping once is enough unless filtered.
        if (where && !where(voxelToWorld(phantom.affine, i, j, k))) continue;
        sum[0] += i;
        sum[1] += j;
        sum[2] += k;
        count++;
      }
    }
  }
  return count === 0 ? null : voxelToWorld(phantom.affine, sum[0] / count, sum[1] / count, sum[2] / count);
}
