/**
 * The brain's outer surface by a BET-style deformable mesh (Smith 2002, "Fast robust automated
 * brain extraction"): an icosphere started inside the head near its centre of gravity is pushed by
 * three forces per iteration — tangential smoothing, a curvature-dependent normal smoothing
 * (rmin 3.33 mm, rmax 10 mm), and an intensity term that looks inwards along the normal and grows
 * the surface while it is inside bright tissue and shrinks it once dark CSF/skull comes into view.
 * Run on a field of view cropped 170 mm below the top of the head: without the crop the surface
 * crawls down the neck (seen in the feasibility prototype).
 */
import type { IntensityGrid, VoxelArray } from '../../volume/volume.js';
import { invertAffine, voxelSpacing } from '../../volume/volume.js';
import { buildHistogram, histogramPercentile, valueRange, type Selection } from './histogram.js';
import { RunCollector } from './row-runs.js';
import { createIcosphere } from './icosphere.js';
import type { TriangleMesh } from './icosphere.js';
import { throwIfAborted } from './cancellation.js';
import type { CancellationSignal } from './cancellation.js';

export interface BrainSurface {
  /** Vertex positions in world mm, x, y, z per vertex. */
  positions: Float64Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  triangles: Uint32Array;
  /** Enclosed volume in millilitres. */
  volumeMl: number;
}

export interface BrainSurfaceSettings {
  /** World z (mm) of the top of the head; the surface only sees the 170 mm below it. */
  headTopZ: number;
  signal?: CancellationSignal;
  /** Called with the fraction of iterations done. */
  onProgress?: (fraction: number) => void;
}

/**
 * Intensity-term parameters as in BET2's source (bet2.cpp), not the paper's: the search looks 7 mm
 * inwards for the minimum and 3 mm for the maximum, and the fractional threshold 0.5 is used as
 * 0.5^0.275 = 0.83. Measured here: the paper's 20 mm / 10 mm at 0.5 leaked through the skull into
 * the scalp and down to the crop on the 2 mm subject (2305 ml "brain") and on the sagittal 4.8 mm
 * subject; BET2's values followed the brain on all eight real heads (1330–1850 ml).
 */
const INWARD_MIN_SEARCH_MM = 7;
const INWARD_MAX_SEARCH_MM = 3;
const LOCAL_THRESHOLD = Math.pow(0.5, 0.275);
/** BET2 steps by min(voxel size, 1 mm) along the normal. */
const SAMPLE_STEP_MM = 1;
const CURVATURE_RMIN_MM = 3.33;
const CURVATURE_RMAX_MM = 10;
const CROP_DEPTH_MM = 170;
/**
 * Coarse-to-fine: the surface first grows on a 642-vertex sphere (edges twice as long, so the
 * intensity term, 0.05 × edge length per iteration, moves it twice as fast at a quarter of the
 * cost), then is subdivided to BET's 2562 vertices to settle on the cortex. Measured: the templates
 * reach their final volume (±0.2 %) by 300 + 300 iterations; 500 + 500 only let the surface creep
 * into the orbits and temporal muscle of the 2 mm and the 4.8 mm-slice subjects (+5 %, +20 %).
 * Fixed counts, not a stop once the surface is still: the mean vertex step is still 0.04–0.14 mm
 * per iteration at 200 of the first 300 (the sphere is growing), and at the last of the 600 it is
 * 0.002–0.038 mm on the real images (0.035 on the sagittal HFDL one), so any earlier stop would
 * change the surfaces, not just save time.
 */
const PHASES = [
  { subdivisions: 3, iterations: 300 },
  { subdivisions: 4, iterations: 300 },
] as const;

/**
 * Fits the brain surface in `volume` (a ~2 mm copy is plenty).
 *
 * @example
 * const surface = fitBrainSurface(downsampleVolume(volume, 2), { headTopZ: 95 });
 * surface.positions; // 2562 world-space vertices on the brain's outer surface
 */
export function fitBrainSurface(volume: IntensityGrid, settings: BrainSurfaceSettings): BrainSurface {
  const { image, inside } = cropped(volume, settings.headTopZ - CROP_DEPTH_MM);
  const statistics = brainStatistics(volume, inside);
  const totalIterations = PHASES.reduce((sum, phase) => sum + phase.iterations, 0);
  let done = 0;
  let positions: Float64Array = new Float64Array(0);
  let mesh = createIcosphere(PHASES[0].subdivisions);
  for (const [phaseIndex, phase] of PHASES.entries()) {
    if (phaseIndex === 0) {
      positions = startingSphere(mesh.positions, statistics.centre, statistics.radius / 2);
    } else {
      mesh = createIcosphere(phase.subdivisions);
      positions = subdivide(positions, mesh.parents);
    }
    const work = { normals: new Float64Array(positions.length), toNeighbourMean: new Float64Array(positions.length) };
    for (let iteration = 0; iteration < phase.iterations; iteration++, done++) {
      if (done % 50 === 0) {
        throwIfAborted(settings.signal);
        settings.onProgress?.(done / totalIterations);
      }
      deformOnce(positions, mesh, image, statistics, volume, work);
    }
  }
  settings.onProgress?.(1);
  return { positions, triangles: mesh.triangles, volumeMl: enclosedVolume(positions, mesh.triangles) / 1000 };
}

function startingSphere(unit: Float64Array, centre: readonly number[], radius: number): Float64Array {
  const positions = new Float64Array(unit.length);
  for (let offset = 0; offset < unit.length; offset += 3) {
    for (let axis = 0; axis < 3; axis++) positions[offset + axis] = centre[axis] + unit[offset + axis] * radius;
  }
  return positions;
}

/** Positions on the finer sphere: old vertices stay, each new one is the midpoint of its parents. */
function subdivide(coarse: Float64Array, parents: TriangleMesh['parents']): Float64Array {
  const childCount = parents.pairs.length / 2;
  const fine = new Float64Array((parents.firstChild + childCount) * 3);
  fine.set(coarse.subarray(0, parents.firstChild * 3));
  for (let child = 0; child < childCount; child++) {
    const a = parents.pairs[child * 2] * 3;
    const b = parents.pairs[child * 2 + 1] * 3;
    const o = (parents.firstChild + child) * 3;
    for (let axis = 0; axis < 3; axis++) fine[o + axis] = (coarse[a + axis] + coarse[b + axis]) / 2;
  }
  return fine;
}

const CURVATURE_E = (1 / CURVATURE_RMIN_MM + 1 / CURVATURE_RMAX_MM) / 2;
const CURVATURE_F = 6 / (1 / CURVATURE_RMIN_MM - 1 / CURVATURE_RMAX_MM);
const MIN_SAMPLES = Math.round(INWARD_MIN_SEARCH_MM / SAMPLE_STEP_MM);
const MAX_SAMPLES = Math.round(INWARD_MAX_SEARCH_MM / SAMPLE_STEP_MM);
/** Keeps the fast path's samples clear of the grid's edges whatever the rounding of px += dx. */
const INTERIOR_MARGIN = 1e-6;

/**
 * One BET iteration, all vertices moved simultaneously: u = ½·s_t + f2·s_n + 0.05·l·f3·n, where s
 * is the offset to the neighbours' mean (split into tangential and normal parts), f2 a sigmoid of
 * the local curvature and f3 the intensity term from trilinear samples along −n.
 */
function deformOnce(
  positions: Float64Array,
  mesh: TriangleMesh,
  image: CroppedImage,
  statistics: BrainStatistics,
  volume: IntensityGrid,
  work: { normals: Float64Array; toNeighbourMean: Float64Array },
): void {
  const vertexCount = positions.length / 3;
  const { normals, toNeighbourMean } = work;
  vertexNormals(positions, mesh.triangles, normals);
  const meanEdge = neighbourOffsets(positions, mesh.neighbourStart, mesh.neighbours, toNeighbourMean) / vertexCount;
  const curvatureScale = 2 / (meanEdge * meanEdge);
  const intensityStep = 0.05 * meanEdge;
  const { t2, t, tm } = statistics;
  const { data, floorZ } = image;
  const [dimX, dimY, dimZ] = volume.dims;
  const m = image.worldToVoxel;
  const a = volume.affine;
  // How far below a sample point (world z) the corners it interpolates can lie: one voxel each way.
  const cornerDrop = Math.abs(a[8]) + Math.abs(a[9]) + Math.abs(a[10]);
  const extremes = new Float64Array(2);
  const strideY = dimX;
  const strideZ = dimX * dimY;
  const [maxX, maxY, maxZ] = [dimX - 1, dimY - 1, dimZ - 1];
  for (let vertex = 0; vertex < vertexCount; vertex++) {
    const o = vertex * 3;
    const x = positions[o];
    const y = positions[o + 1];
    const z = positions[o + 2];
    const nx = normals[o];
    const ny = normals[o + 1];
    const nz = normals[o + 2];
    const sx = toNeighbourMean[o];
    const sy = toNeighbourMean[o + 1];
    const sz = toNeighbourMean[o + 2];
    const normalPart = sx * nx + sy * ny + sz * nz;
    const f2 = (1 + Math.tanh(CURVATURE_F * (curvatureScale * Math.abs(normalPart) - CURVATURE_E))) / 2;

    // Intensity extremes along the inward normal, sampled in voxel coordinates.
    let px = m[0] * x + m[1] * y + m[2] * z + m[3];
    let py = m[4] * x + m[5] * y + m[6] * z + m[7];
    let pz = m[8] * x + m[9] * y + m[10] * z + m[11];
    const dx = -(m[0] * nx + m[1] * ny + m[2] * nz) * SAMPLE_STEP_MM;
    const dy = -(m[4] * nx + m[5] * ny + m[6] * nz) * SAMPLE_STEP_MM;
    const dz = -(m[8] * nx + m[9] * ny + m[10] * nz) * SAMPLE_STEP_MM;
    // Where the whole segment is inside the grid, short of its last voxel plane, and above the crop,
    // every sample has all eight neighbours and none is cropped: no tests per sample (the same
    // arithmetic, so the same values). Nearly every segment is.
    const interior =
      Math.min(px, px + MIN_SAMPLES * dx) >= INTERIOR_MARGIN && Math.max(px, px + MIN_SAMPLES * dx) <= maxX - INTERIOR_MARGIN &&
      Math.min(py, py + MIN_SAMPLES * dy) >= INTERIOR_MARGIN && Math.max(py, py + MIN_SAMPLES * dy) <= maxY - INTERIOR_MARGIN &&
      Math.min(pz, pz + MIN_SAMPLES * dz) >= INTERIOR_MARGIN && Math.max(pz, pz + MIN_SAMPLES * dz) <= maxZ - INTERIOR_MARGIN &&
      Math.min(z, z - MIN_SAMPLES * SAMPLE_STEP_MM * nz) - cornerDrop >= floorZ + INTERIOR_MARGIN;
    let iMin = tm;
    let iMax = t;
    if (interior) {
      for (let step = 0; step <= MIN_SAMPLES; step++) {
        // Trilinear interpolation, written out: a call here boxed its result (124 MB of garbage per fit).
        const i = px | 0;
        const j = py | 0;
        const k = pz | 0;
        const fx = px - i;
        const fy = py - j;
        const fz = pz - k;
        const c = i + j * strideY + k * strideZ;
        const c00 = data[c] + (data[c + 1] - data[c]) * fx;
        const c10 = data[c + strideY] + (data[c + strideY + 1] - data[c + strideY]) * fx;
        const c01 = data[c + strideZ] + (data[c + strideZ + 1] - data[c + strideZ]) * fx;
        const c11 = data[c + strideZ + strideY] + (data[c + strideZ + strideY + 1] - data[c + strideZ + strideY]) * fx;
        const c0 = c00 + (c10 - c00) * fy;
        const value = c0 + (c01 + (c11 - c01) * fy - c0) * fz;
        if (value < iMin) iMin = value;
        if (step <= MAX_SAMPLES && value > iMax) iMax = value;
        px += dx;
        py += dy;
        pz += dz;
      }
    } else {
      // Kept out of this loop, so that the common case stays small enough to compile tightly. No
      // branch here: the first segment near the crop (iteration ~175 on mridefacer_head_tmpl) meets
      // this code without type feedback, and each conditional read of the results was one more
      // bail-out of the optimised loop to the interpreter (three, where now there is one).
      extremes[0] = iMin;
      extremes[1] = iMax;
      segmentExtremes(image, volume, px, py, pz, dx, dy, dz, extremes);
      iMin = extremes[0];
      iMax = extremes[1];
    }
    iMin = Math.max(t2, iMin);
    iMax = Math.min(tm, iMax);
    const local = (iMax - t2) * LOCAL_THRESHOLD + t2;
    const f3 = iMax - t2 > 0 ? (2 * (iMin - local)) / (iMax - t2) : 2 * (iMin - local);
    const along = f2 * normalPart + intensityStep * f3;
    positions[o] = x + 0.5 * (sx - normalPart * nx) + along * nx;
    positions[o + 1] = y + 0.5 * (sy - normalPart * ny) + along * ny;
    positions[o + 2] = z + 0.5 * (sz - normalPart * nz) + along * nz;
  }
}

/**
 * Lowers out[0] to the smallest of all samples along a segment and raises out[1] to the largest of
 * its first MAX_SAMPLES + 1, near the grid's edges or the crop (samples outside the grid read as
 * the background). Scalars in, no arrays or closures made: this runs for every vertex near the crop.
 */
function segmentExtremes(
  image: CroppedImage,
  volume: IntensityGrid,
  startX: number,
  startY: number,
  startZ: number,
  dx: number,
  dy: number,
  dz: number,
  out: Float64Array,
): void {
  const maxX = volume.dims[0] - 1;
  const maxY = volume.dims[1] - 1;
  const maxZ = volume.dims[2] - 1;
  let px = startX;
  let py = startY;
  let pz = startZ;
  for (let step = 0; step <= MIN_SAMPLES; step++) {
    const inGrid = px >= 0 && py >= 0 && pz >= 0 && px <= maxX && py <= maxY && pz <= maxZ;
    const value = inGrid ? trilinearCropped(image, volume, px, py, pz) : image.background;
    if (value < out[0]) out[0] = value;
    if (step <= MAX_SAMPLES && value > out[1]) out[1] = value;
    px += dx;
    py += dy;
    pz += dz;
  }
}

/**
 * Trilinear interpolation near the crop or the grid's far edges (as deformOnce's, with the same
 * arithmetic): voxels below the crop read as the background, and the far edge repeats its last voxel.
 */
function trilinearCropped(image: CroppedImage, volume: IntensityGrid, px: number, py: number, pz: number): number {
  const dimX = volume.dims[0];
  const dimY = volume.dims[1];
  const i = px | 0;
  const j = py | 0;
  const k = pz | 0;
  const i1 = Math.min(i + 1, dimX - 1);
  const j1 = Math.min(j + 1, dimY - 1);
  const k1 = Math.min(k + 1, volume.dims[2] - 1);
  const fx = px - i;
  const fy = py - j;
  const fz = pz - k;
  const v000 = croppedVoxel(image, volume, i, j, k);
  const v010 = croppedVoxel(image, volume, i, j1, k);
  const v001 = croppedVoxel(image, volume, i, j, k1);
  const v011 = croppedVoxel(image, volume, i, j1, k1);
  const c00 = v000 + (croppedVoxel(image, volume, i1, j, k) - v000) * fx;
  const c10 = v010 + (croppedVoxel(image, volume, i1, j1, k) - v010) * fx;
  const c01 = v001 + (croppedVoxel(image, volume, i1, j, k1) - v001) * fx;
  const c11 = v011 + (croppedVoxel(image, volume, i1, j1, k1) - v011) * fx;
  const c0 = c00 + (c10 - c00) * fy;
  return c0 + (c01 + (c11 - c01) * fy - c0) * fz;
}

/** Voxel (i, j, k) of the cropped image: its intensity above the crop, the background below. */
function croppedVoxel(image: CroppedImage, volume: IntensityGrid, i: number, j: number, k: number): number {
  return isInside(volume, image.floorZ, i, j, k) ? image.data[i + volume.dims[0] * (j + volume.dims[1] * k)] : image.background;
}

/** The intensities the surface sees: the volume's own, with everything below `floorZ` as `background`. */
interface CroppedImage {
  data: VoxelArray;
  worldToVoxel: Float64Array;
  background: number;
  floorZ: number;
}

/**
 * The crop: everything more than the crop depth below the top reads as the darkest value. The
 * volume is not copied or changed — samples near the crop test their voxels (trilinearCropped) —
 * because a copy would be the largest array of a 2 mm run. `inside` holds the voxels above the
 * crop as runs (a byte mask of a 2 mm grid would be a quarter of its Float32 intensities).
 */
function cropped(volume: IntensityGrid, floorZ: number): { image: CroppedImage; inside: Selection } {
  const [nx, ny, nz] = volume.dims;
  const { data } = volume;
  const [background] = valueRange(data);
  const a = volume.affine;
  const inside = new RunCollector(ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      // isInside, written out with the row's part of the sum hoisted (the same arithmetic): this
      // loop visits every voxel of the working grid, mostly before it is optimised (process CPU of
      // cropped(), cold: mricron_ch2 21–24 → 17–18 ms).
      const rowZ = a[9] * j + a[10] * k + a[11];
      let start = -1;
      for (let i = 0; i < nx; i++) {
        const above = rowZ + a[8] * i >= floorZ;
        if (above && start < 0) start = i;
        if (!above && start >= 0) {
          inside.add(start, i);
          start = -1;
        }
      }
      if (start >= 0) inside.add(start, nx);
      inside.endRow(j + ny * k);
    }
  }
  return { image: { data, worldToVoxel: invertAffine(volume.affine), background, floorZ }, inside: { runs: inside.runs(), rowLength: nx } };
}

/** Whether voxel (i, j, k) is above the crop (its centre's world z at or above `floorZ`). */
function isInside(volume: IntensityGrid, floorZ: number, i: number, j: number, k: number): boolean {
  const a = volume.affine;
  return a[9] * j + a[10] * k + a[11] + a[8] * i >= floorZ;
}

interface BrainStatistics {
  t2: number;
  t: number;
  tm: number;
  centre: [number, number, number];
  radius: number;
}

/**
 * BET's robust intensity levels and starting point, over the voxels `inside` the crop: t2/t98
 * percentiles, the brain/background threshold t = t2 + 10 % of the range, the centre of gravity
 * and equivalent-sphere radius of everything above t, and the median intensity tm inside that sphere.
 */
function brainStatistics(volume: IntensityGrid, inside: Selection): BrainStatistics {
  const { data } = volume;
  const [nx, ny] = volume.dims;
  const { rowStart, first, end } = inside.runs;
  const [low, high] = valueRange(data, inside);
  const histogram = buildHistogram(data, low, high, 4096, inside);
  const t2 = histogramPercentile(histogram, 0.02);
  const t98 = histogramPercentile(histogram, 0.98);
  const t = t2 + 0.1 * (t98 - t2);
  const a = volume.affine;
  let weightSum = 0;
  let count = 0;
  const moment = [0, 0, 0];
  for (let row = 0; row + 1 < rowStart.length; row++) {
    const j = row % ny;
    const k = (row - j) / ny;
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) {
      for (let i = first[run]; i < end[run]; i++) {
        const value = data[row * nx + i];
        if (value <= t) continue;
        const weight = Math.min(value, t98) - t2;
        weightSum += weight;
        count++;
        moment[0] += weight * i;
        moment[1] += weight * j;
        moment[2] += weight * k;
      }
    }
  }
  if (count === 0) throw new Error('No head-like object was found: nothing in the image is brighter than the background.');
  const [ci, cj, ck] = moment.map((value) => value / weightSum);
  const centre: [number, number, number] = [0, 1, 2].map((row) => a[row * 4] * ci + a[row * 4 + 1] * cj + a[row * 4 + 2] * ck + a[row * 4 + 3]) as [number, number, number];
  const [sx, sy, sz] = voxelSpacing(a);
  const radius = Math.cbrt((3 * count * sx * sy * sz) / (4 * Math.PI));

  const nearCentre = new RunCollector(rowStart.length - 1);
  for (let row = 0; row + 1 < rowStart.length; row++) {
    const j = row % ny;
    const k = (row - j) / ny;
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) {
      let start = -1;
      for (let i = first[run]; i < end[run]; i++) {
        const value = data[row * nx + i];
        const dx = a[0] * (i - ci) + a[1] * (j - cj) + a[2] * (k - ck);
        const dy = a[4] * (i - ci) + a[5] * (j - cj) + a[6] * (k - ck);
        const dz = a[8] * (i - ci) + a[9] * (j - cj) + a[10] * (k - ck);
        const near = value > t2 && value < t98 && dx * dx + dy * dy + dz * dz < radius * radius;
        if (near && start < 0) start = i;
        if (!near && start >= 0) {
          nearCentre.add(start, i);
          start = -1;
        }
      }
      if (start >= 0) nearCentre.add(start, end[run]);
    }
    nearCentre.endRow(row);
  }
  const tm = histogramPercentile(buildHistogram(data, t2, t98, 4096, { runs: nearCentre.runs(), rowLength: nx }), 0.5);
  return { t2, t, tm, centre, radius };
}

/** Unit vertex normals: the normalised sum of the adjacent triangles' (area-weighted) normals. */
function vertexNormals(positions: Float64Array, triangles: Uint32Array, normals: Float64Array): void {
  normals.fill(0);
  for (let face = 0; face < triangles.length; face += 3) {
    const a = triangles[face] * 3;
    const b = triangles[face + 1] * 3;
    const c = triangles[face + 2] * 3;
    const ux = positions[b] - positions[a];
    const uy = positions[b + 1] - positions[a + 1];
    const uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a];
    const vy = positions[c + 1] - positions[a + 1];
    const vz = positions[c + 2] - positions[a + 2];
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    normals[a] += cx;
    normals[a + 1] += cy;
    normals[a + 2] += cz;
    normals[b] += cx;
    normals[b + 1] += cy;
    normals[b + 2] += cz;
    normals[c] += cx;
    normals[c + 1] += cy;
    normals[c + 2] += cz;
  }
  for (let o = 0; o < normals.length; o += 3) {
    const length = Math.sqrt(normals[o] * normals[o] + normals[o + 1] * normals[o + 1] + normals[o + 2] * normals[o + 2]) || 1;
    normals[o] /= length;
    normals[o + 1] /= length;
    normals[o + 2] /= length;
  }
}

/**
 * Writes each vertex's offset to the mean of its neighbours; returns the sum over vertices of their
 * mean edge length. Nothing after the loop needs type feedback: with the mean (`sum / count`)
 * computed here, the loop's on-stack-replaced code bailed out at that division on every call (335
 * times per fit on mridefacer_head_tmpl, --trace-deopt), and recompiling it kept a compiler thread busy.
 */
function neighbourOffsets(positions: Float64Array, start: Int32Array, neighbours: Int32Array, offsets: Float64Array): number {
  let edgeSum = 0;
  const vertexCount = positions.length / 3;
  for (let vertex = 0; vertex < vertexCount; vertex++) {
    const o = vertex * 3;
    let mx = 0;
    let my = 0;
    let mz = 0;
    let edges = 0;
    const first = start[vertex];
    const count = start[vertex + 1] - first;
    for (let n = first; n < first + count; n++) {
      const p = neighbours[n] * 3;
      const dx = positions[p] - positions[o];
      const dy = positions[p + 1] - positions[o + 1];
      const dz = positions[p + 2] - positions[o + 2];
      mx += positions[p];
      my += positions[p + 1];
      mz += positions[p + 2];
      edges += Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    offsets[o] = mx / count - positions[o];
    offsets[o + 1] = my / count - positions[o + 1];
    offsets[o + 2] = mz / count - positions[o + 2];
    edgeSum += edges / count;
  }
  return edgeSum;
}

/** Volume enclosed by a closed, outward-oriented triangle mesh (divergence theorem), mm³. */
function enclosedVolume(positions: Float64Array, triangles: Uint32Array): number {
  let sixfold = 0;
  for (let face = 0; face < triangles.length; face += 3) {
    const a = triangles[face] * 3;
    const b = triangles[face + 1] * 3;
    const c = triangles[face + 2] * 3;
    sixfold +=
      positions[a] * (positions[b + 1] * positions[c + 2] - positions[b + 2] * positions[c + 1]) -
      positions[a + 1] * (positions[b] * positions[c + 2] - positions[b + 2] * positions[c]) +
      positions[a + 2] * (positions[b] * positions[c + 1] - positions[b + 1] * positions[c]);
  }
  return sixfold / 6;
}
