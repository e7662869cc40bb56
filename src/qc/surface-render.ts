/**
 * Renders the outer surface of a head mask as a shaded depth image, seen from any yaw angle, at a
 * fixed physical scale, from the image's own affine (no GPU). QC pictures before and after defacing
 * are rendered from the same centre so they line up.
 */
import type { GrayImage } from '../image/png.js';
import { invertAffine, voxelSpacing, voxelToWorld, type Affine } from '../volume/volume.js';

export interface MaskGrid {
  dims: [number, number, number];
  affine: Affine;
  /** 1 = inside the surface. */
  mask: Uint8Array;
}

export interface SurfaceViewOptions {
  /** 0 looks at the face from the front; 90 from the subject's left; −90 from the right; 180 from behind. */
  yawDegrees: number;
  /** World point (mm) at the centre of the picture; use the same one for before and after. */
  center: [number, number, number];
  /** Millimetres per pixel (default 1). */
  pixelMm?: number;
  /** Width and height of the picture in mm (default 256). */
  sizeMm?: number;
}

/** Fine ray steps per smallest voxel size. */
const FINE_PER_COARSE = 2;

/**
 * The centroid of a mask in world millimetres, to centre QC pictures on the head.
 *
 * @example
 * const center = maskCentroid(grid); // [0.4, -17.2, 12.9]
 */
export function maskCentroid(grid: MaskGrid): [number, number, number] {
  const [nx, ny, nz] = grid.dims;
  let si = 0, sj = 0, sk = 0, count = 0;
  for (let k = 0, index = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, index++) {
        if (grid.mask[index]) {
          si += i;
          sj += j;
          sk += k;
          count++;
        }
      }
    }
  }
  if (count === 0) return voxelToWorld(grid.affine, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
  return voxelToWorld(grid.affine, si / count, sj / count, sk / count);
}

/**
 * Ray-casts the mask from the viewing direction and shades the first surface hit (Lambert, light
 * from the viewer), giving a picture like a 3D surface render in a viewer.
 *
 * @example
 * const front = renderSurface(grid, { yawDegrees: 0, center: maskCentroid(grid) });
 */
export function renderSurface(grid: MaskGrid, options: SurfaceViewOptions): GrayImage {
  const pixelMm = options.pixelMm ?? 1;
  const size = Math.round((options.sizeMm ?? 256) / pixelMm);
  const yaw = (options.yawDegrees * Math.PI) / 180;
  // Camera direction (head → viewer), screen right and screen up, in world (RAS) coordinates.
  const toViewer = [-Math.sin(yaw), Math.cos(yaw), 0] as const;
  const right = [-Math.cos(yaw), -Math.sin(yaw), 0] as const;
  const up = [0, 0, 1] as const;
  const toVoxel = invertAffine(grid.affine);
  const reach = 0.5 * Math.hypot(...grid.dims.map((n, axis) => n * voxelSpacing(grid.affine)[axis]));
  const step = Math.min(...voxelSpacing(grid.affine)) / FINE_PER_COARSE;
  const [nx, ny] = grid.dims;
  // Voxel-space step along the ray (towards the head), the same for every pixel.
  const dv = [0, 1, 2].map((row) => -step * (toVoxel[row * 4] * toViewer[0] + toVoxel[row * 4 + 1] * toViewer[1] + toVoxel[row * 4 + 2] * toViewer[2])) as [number, number, number];
  const maxSteps = Math.ceil((2 * reach + 2 * size * pixelMm) / step);
  const depth = new Float32Array(size * size).fill(Number.NaN);
  const sample = trilinearMaskSampler(grid);
  // Two speeds: coarse steps of one voxel through a one-voxel dilation of the mask (one lookup each)
  // until something is near, then fine trilinear steps. Fine steps all the way took 0.6 s per view
  // on a 256×256×35 sagittal slab; this takes a tenth of that.
  const near = dilateByOneVoxel(grid.mask, grid.dims);
  const coarse = 2 * FINE_PER_COARSE;

  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sx = (px - size / 2) * pixelMm;
      const sy = (size / 2 - py) * pixelMm;
      const start = [0, 1, 2].map((axis) => options.center[axis] + right[axis] * sx + up[axis] * sy + toViewer[axis] * reach);
      const v0 = [0, 1, 2].map((row) => toVoxel[row * 4] * start[0] + toVoxel[row * 4 + 1] * start[1] + toVoxel[row * 4 + 2] * start[2] + toVoxel[row * 4 + 3]);
      const [first, last] = stepsInsideGrid(v0, dv, grid.dims, maxSteps);
      let s = first;
      while (s <= last && !near[nearestIndex(v0, dv, s, nx, ny)]) s += coarse;
      if (s > last) continue;
      let previous = 0;
      for (s = Math.max(first, s - coarse); s <= last; s++) {
        const value = sample(v0[0] + s * dv[0], v0[1] + s * dv[1], v0[2] + s * dv[2]);
        if (value >= 0.5) {
          // Interpolate where the sampled mask crosses 0.5 between this step and the previous one:
          // sub-voxel depth removes the terracing that whole steps leave in the shading.
          const fraction = s === first ? 0 : (0.5 - previous) / (value - previous);
          depth[py * size + px] = (s - 1 + fraction) * step;
          break;
        }
        previous = value;
      }
    }
  }
  return { width: size, height: size, pixels: shadeDepth(depth, size, pixelMm) };
}

/** Index of the voxel nearest to ray step `s` (the caller keeps `s` inside the grid). */
function nearestIndex(v0: number[], dv: number[], s: number, nx: number, ny: number): number {
  return Math.round(v0[0] + s * dv[0]) + nx * (Math.round(v0[1] + s * dv[1]) + ny * Math.round(v0[2] + s * dv[2]));
}

/** The mask grown by one voxel in every direction (26-neighbourhood), as three separable passes. */
function dilateByOneVoxel(mask: Uint8Array, dims: readonly [number, number, number]): Uint8Array {
  let current = mask;
  const strides = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const stride = strides[axis];
    const length = dims[axis];
    const grown = current.slice();
    for (let index = 0; index < current.length; index++) {
      if (!current[index]) continue;
      const position = Math.floor(index / stride) % length;
      if (position > 0) grown[index - stride] = 1;
      if (position < length - 1) grown[index + stride] = 1;
    }
    current = grown;
  }
  return current;
}

/** The range of ray steps [first, last] whose sample points fall inside the voxel grid (empty if first > last). */
function stepsInsideGrid(v0: number[], dv: number[], dims: readonly number[], maxSteps: number): [number, number] {
  let low = 0;
  let high = maxSteps;
  for (let axis = 0; axis < 3; axis++) {
    const lower = -0.5, upper = dims[axis] - 0.5;
    if (Math.abs(dv[axis]) < 1e-12) {
      if (v0[axis] < lower || v0[axis] > upper) return [1, 0];
      continue;
    }
    const a = (lower - v0[axis]) / dv[axis], b = (upper - v0[axis]) / dv[axis];
    low = Math.max(low, Math.ceil(Math.min(a, b)));
    high = Math.min(high, Math.floor(Math.max(a, b)));
  }
  return [low, high];
}

/** Samples a binary mask with trilinear interpolation (0 outside), so surfaces between voxels are smooth. */
function trilinearMaskSampler(grid: MaskGrid): (i: number, j: number, k: number) => number {
  const [nx, ny, nz] = grid.dims;
  const mask = grid.mask;
  const at = (i: number, j: number, k: number) =>
    i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : mask[i + nx * (j + ny * k)];
  return (i, j, k) => {
    const i0 = Math.floor(i), j0 = Math.floor(j), k0 = Math.floor(k);
    const fi = i - i0, fj = j - j0, fk = k - k0;
    const c00 = at(i0, j0, k0) * (1 - fi) + at(i0 + 1, j0, k0) * fi;
    const c10 = at(i0, j0 + 1, k0) * (1 - fi) + at(i0 + 1, j0 + 1, k0) * fi;
    const c01 = at(i0, j0, k0 + 1) * (1 - fi) + at(i0 + 1, j0, k0 + 1) * fi;
    const c11 = at(i0, j0 + 1, k0 + 1) * (1 - fi) + at(i0 + 1, j0 + 1, k0 + 1) * fi;
    return (c00 * (1 - fj) + c10 * fj) * (1 - fk) + (c01 * (1 - fj) + c11 * fj) * fk;
  };
}

/** Lambert shading of a depth map: normals from depth differences, light from the viewer. */
function shadeDepth(depth: Float32Array, size: number, pixelMm: number): Uint8Array {
  const pixels = new Uint8Array(size * size);
  const at = (x: number, y: number, fallback: number) => {
    const value = x >= 0 && y >= 0 && x < size && y < size ? depth[y * size + x] : Number.NaN;
    return Number.isNaN(value) ? fallback : value;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = depth[y * size + x];
      if (Number.isNaN(d)) continue;
      // Central differences over ±2 pixels: smooth enough for slice-thick images, sharp enough for a nose.
      const gx = (at(x + 2, y, d) - at(x - 2, y, d)) / (4 * pixelMm);
      const gy = (at(x, y + 2, d) - at(x, y - 2, d)) / (4 * pixelMm);
      const lambert = 1 / Math.hypot(gx, gy, 1);
      pixels[y * size + x] = Math.round(30 + 225 * lambert * lambert);
    }
  }
  return pixels;
}
